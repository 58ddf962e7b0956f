using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Points;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>Retries of redemptions and confirmations with one Idempotency-Key, when Points or the database fail on the way.</summary>
public sealed class RedemptionRetryTests(MerchantsWithPointsApp app) : IClassFixture<MerchantsWithPointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARedemptionRetriedWithItsKey_ReplaysTheAnswerKeptWithIt_AndHoldsOnce()
    {
        var (_, _, offer) = await OfferAsync("街角修鞋铺", 30);
        var (volunteer, client) = await app.VolunteerWithAsync(100);
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(client, $"/merchants/offers/{offer}/redemptions", key, new { });
        var replay = await PostAsync(client, $"/merchants/offers/{offer}/redemptions", key, new { });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, replay.StatusCode));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await replay.Content.ReadAsStringAsync(Ct));
        Assert.Equal((70L, 30L), await app.Points.BalanceAsync(volunteer));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Redemptions.CountAsync(r => r.OfferId == offer, Ct));
    }

    [Fact]
    public async Task AConfirmationPointsDidNotAnswer_SaysTryAgainWithTheSameKey_AndItsRetryAfterALateCommit_AnswersConfirmed()
    {
        var (merchant, staff, offer) = await OfferAsync("巷口配钥匙", 30);
        var (volunteer, client) = await app.VolunteerWithAsync(100);
        var (id, code) = await RedeemAsync(client, offer);
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:points:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var cutOffStaff = cutOff.CreateClient();
        cutOffStaff.DefaultRequestHeaders.Authorization = staff.DefaultRequestHeaders.Authorization;
        await cutOffStaff.WaitUntilReadyAsync();
        var key = Guid.NewGuid().ToString();
        var path = $"/merchants/{merchant}/redemptions/confirmation";

        var first = await PostAsync(cutOffStaff, path, key, new { code });
        // The Commit that got no answer in time lands at Points after all.
        await CommitAtPointsAsync(id);
        var retry = await PostAsync(staff, path, key, new { code });
        var replay = await PostAsync(staff, path, key, new { code });

        var problem = await first.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "points_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), first.Headers.RetryAfter?.Delta);
        Assert.Contains("相同的 Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var confirmed = await retry.Content.ReadAsStringAsync(Ct);
        Assert.Equal("confirmed", JsonDocument.Parse(confirmed).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(confirmed, await replay.Content.ReadAsStringAsync(Ct));
        Assert.Equal((70L, 0L), await app.Points.BalanceAsync(volunteer));
        Assert.Single(await app.PublishedAsync<RedemptionConfirmed>(e => e.RedemptionId == id));
    }

    [Fact]
    public async Task AConfirmationThatDiesBeforeItSaves_HoldsItsKeyOnlyForTheLease_ThenTheSameKeyConfirms_AndThenReplays()
    {
        var (merchant, staff, offer) = await OfferAsync("老兵修表店", 20);
        var (volunteer, client) = await app.VolunteerWithAsync(50);
        var (_, code) = await RedeemAsync(client, offer);
        var path = $"/merchants/{merchant}/redemptions/confirmation";
        var key = Guid.NewGuid().ToString();
        // A replica whose Points hangs, and whose database the test can take away mid-request.
        var hanging = new Blackhole();
        await using var proxy = new LoopbackProxy(app.Containers.PostgresPort);
        var viaProxy = new NpgsqlConnectionStringBuilder(app.DatabaseConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var doomed = app.Start(viaProxy, overrides: new Dictionary<string, string?>
        {
            ["services:points:grpc:0"] = $"http://127.0.0.1:{hanging.Port}",
            ["Merchants:Points:Deadline"] = "00:01:00",
        });
        using var doomedStaff = doomed.CreateClient();
        doomedStaff.DefaultRequestHeaders.Authorization = staff.DefaultRequestHeaders.Authorization;
        await doomedStaff.WaitUntilReadyAsync();

        // The confirmation takes its key; its database goes away before it can save or let the key go.
        Task<HttpResponseMessage> first;
        using (hanging)
        {
            first = PostAsync(doomedStaff, path, key, new { code });
            await Eventually.TrueAsync(() => KeyInFlightAsync(key), "The first confirmation holding its key");
            proxy.Cut();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await first).StatusCode);
        proxy.Restore();
        var whileLeased = await PostAsync(staff, path, key, new { code });
        await using (var db = app.CreateDbContext())
        {
            // The lease (two minutes) runs out.
            await db.Database.ExecuteSqlAsync($"UPDATE idempotency_keys SET created_at = created_at - interval '121 seconds' WHERE key = {key}", Ct);
        }

        var retry = await PostAsync(staff, path, key, new { code });
        var replay = await PostAsync(staff, path, key, new { code });

        await whileLeased.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_key_in_flight");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await retry.Content.ReadAsStringAsync(Ct), await replay.Content.ReadAsStringAsync(Ct));
        Assert.Equal((30L, 0L), await app.Points.BalanceAsync(volunteer));
        Assert.False(await KeyInFlightAsync(key));
    }

    private async Task<(Guid Merchant, HttpClient Staff, Guid Offer)> OfferAsync(string name, int pointsCost)
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync(name, "wanda", "home_repair");
        return (merchant, staff, await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: pointsCost)));
    }

    private static async Task<(Guid Id, string Code)> RedeemAsync(HttpClient volunteer, Guid offer)
    {
        var response = await volunteer.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);
        response.EnsureSuccessStatusCode();
        var redemption = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (redemption.GetProperty("id").GetGuid(), redemption.GetProperty("code").GetString()!);
    }

    private async Task CommitAtPointsAsync(Guid redemption)
    {
        using var channel = app.Points.Host.CreateGrpcChannel();
        await new PointsService.PointsServiceClient(channel).CommitAsync(
            new RedemptionRequest { RedemptionId = redemption.ToString() }, await app.Points.AsServiceAsync("merchants"), DateTime.UtcNow.AddSeconds(10), Ct);
    }

    private async Task<bool> KeyInFlightAsync(string key)
    {
        await using var db = app.CreateDbContext();
        return await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE key = {key} AND completed_at IS NULL) AS \"Value\"").SingleAsync(Ct);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Ct);
    }
}
