using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>Idempotency-Key, from ServiceDefaults, on a real service's POSTs.</summary>
public sealed class IdempotencyTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    [Fact]
    public async Task ARetryWithTheSameKeyAndBody_ReplaysTheFirstAnswer_AndPostsOnce()
    {
        var (resident, client) = await app.SignInAsync();
        var key = Guid.NewGuid().ToString();
        var body = NeedsApp.NeedBody("楼道灯不亮");

        var first = await PostAsync(client, "/needs", key, body);
        var retry = await PostAsync(client, "/needs", key, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Needs.CountAsync(n => n.RequesterId == resident, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBody_Is422_AndPostsNothingMore()
    {
        var (resident, client) = await app.SignInAsync();
        var key = Guid.NewGuid().ToString();
        (await PostAsync(client, "/needs", key, NeedsApp.NeedBody("楼道灯不亮"))).EnsureSuccessStatusCode();

        var other = await PostAsync(client, "/needs", key, NeedsApp.NeedBody("想学用智能手机", "companionship"));

        await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Needs.CountAsync(n => n.RequesterId == resident, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheSameKeyFromAnotherPerson_IsTheirOwnKey()
    {
        var (_, first) = await app.SignInAsync();
        var (_, second) = await app.SignInAsync();
        var key = Guid.NewGuid().ToString();
        var body = NeedsApp.NeedBody("楼道灯不亮");

        var a = await PostAsync(first, "/needs", key, body);
        var b = await PostAsync(second, "/needs", key, body);

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.NotEqual(a.Headers.Location, b.Headers.Location);
    }

    [Fact]
    public async Task ARequestStillInFlight_Is409_AndAFailureLetsTheKeyGo()
    {
        var (need, _) = await app.PostNeedAsync();
        var (_, volunteer) = await app.VolunteerAsync();
        var hanging = new Blackhole();
        // Volunteers hangs until the test lets go (closing its connections), long before this deadline.
        await using var stuck = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = $"http://127.0.0.1:{hanging.Port}",
            ["Grpc:Deadlines:volunteers"] = "00:01:00",
        });
        using var client = stuck.CreateClient();
        client.DefaultRequestHeaders.Authorization = volunteer.DefaultRequestHeaders.Authorization;
        await client.WaitUntilReadyAsync();
        var key = Guid.NewGuid().ToString();

        // The retry goes once the first claim holds the key; leaving the block closes Volunteers'
        // connections, so the first claim fails only after the retry has its answer.
        Task<HttpResponseMessage> first;
        HttpResponseMessage whileInFlight;
        using (hanging)
        {
            first = PostAsync(client, $"/needs/{need}/claims", key, null);
            await Eventually.TrueAsync(() => KeyInFlightAsync(key), "The first claim holding its key");
            whileInFlight = await PostAsync(client, $"/needs/{need}/claims", key, null);
        }

        var firstAnswer = await first;
        var afterFailure = await PostAsync(volunteer, $"/needs/{need}/claims", key, null);

        await whileInFlight.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_key_in_flight");
        await firstAnswer.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "volunteers_unavailable");
        Assert.Equal(HttpStatusCode.Created, afterFailure.StatusCode);
    }

    [Fact]
    public async Task AMalformedKey_Is400_AndPostsNothing()
    {
        var (resident, client) = await app.SignInAsync();

        var response = await PostAsync(client, "/needs", new string('k', 201), NeedsApp.NeedBody("楼道灯不亮"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.Needs.CountAsync(n => n.RequesterId == resident, TestContext.Current.CancellationToken));
    }

    /// <summary>Whether a request holds the key and has not answered yet (Idempotency-Key's own table).</summary>
    private async Task<bool> KeyInFlightAsync(string key)
    {
        await using var db = app.CreateDbContext();
        return await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE key = {key} AND completed_at IS NULL) AS \"Value\"")
            .SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string key, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
