using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Needs.Board;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

public sealed class ClaimTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    [Fact]
    public async Task Claim_ByARegisteredVolunteerOfAnotherCommunity_Returns201_AndTheNeedIsClaimed()
    {
        var need = await app.PostNeedAsync();
        var volunteer = await app.Volunteers.RegisterAsync();

        var response = await app.Client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = volunteer }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claimed = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());
        Assert.Equal(volunteer, claimed.GetProperty("claimantId").GetGuid());
    }

    [Fact]
    public async Task Claim_ByAnUnknownVolunteer_Returns422_AndTheNeedStaysOpen()
    {
        var need = await app.PostNeedAsync();

        var response = await app.Client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = Guid.CreateVersion7() }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "volunteer_not_found");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_WhenAlreadyClaimed_Returns409_AndKeepsTheFirstClaimant()
    {
        var need = await app.PostNeedAsync();
        var first = await app.Volunteers.RegisterAsync("邵凤华");
        var second = await app.Volunteers.RegisterAsync("岳传生");
        (await app.Client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = first }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var response = await app.Client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = second }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "need_already_claimed");
        await using var db = app.CreateDbContext();
        Assert.Equal(first, (await db.Needs.SingleAsync(n => n.Id == need, TestContext.Current.CancellationToken)).ClaimantId);
    }

    [Fact]
    public async Task Claim_ByEightVolunteersAtOnce_ExactlyOneWins_AndTheOthersGet409()
    {
        var need = await app.PostNeedAsync();
        var volunteers = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            volunteers.Add(await app.Volunteers.RegisterAsync($"志愿者{i}"));
        }

        var responses = await Task.WhenAll(volunteers.Select(v =>
            app.Client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = v }, TestContext.Current.CancellationToken)));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var claimant = (await winner.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("claimantId").GetGuid();
        await using var db = app.CreateDbContext();
        Assert.Equal(claimant, (await db.Needs.SingleAsync(n => n.Id == need, TestContext.Current.CancellationToken)).ClaimantId);
    }

    [Fact]
    public async Task Claim_OfAnUnknownNeed_Returns404_AndWithoutAVolunteer_Returns400()
    {
        var unknown = await app.Client.PostAsJsonAsync($"/needs/{Guid.CreateVersion7()}/claims", new { volunteerId = Guid.CreateVersion7() }, TestContext.Current.CancellationToken);
        var noVolunteer = await app.Client.PostAsJsonAsync($"/needs/{await app.PostNeedAsync()}/claims", new { }, TestContext.Current.CancellationToken);

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "need_not_found");
        var problem = await noVolunteer.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("volunteerId")[0].GetString());
    }

    [Fact]
    public async Task Claim_WithVolunteersDown_Returns503_AndTheNeedStaysOpen()
    {
        var need = await app.PostNeedAsync();
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var client = cutOff.CreateClient();
        await client.WaitUntilReadyAsync();

        var response = await client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = await app.Volunteers.RegisterAsync() }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "volunteers_unavailable");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_WithVolunteersHanging_Returns503AtTheDeadline_NotAHang()
    {
        var need = await app.PostNeedAsync();
        using var hanging = new Blackhole();
        await using var stuck = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = $"http://127.0.0.1:{hanging.Port}",
        });
        using var client = stuck.CreateClient();
        await client.WaitUntilReadyAsync();
        var started = Stopwatch.GetTimestamp();

        var response = await client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = Guid.CreateVersion7() }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "volunteers_unavailable");
        // The deadline is 2 s; anything near the client's own 30 s timeout would be a hang.
        Assert.InRange(Stopwatch.GetElapsedTime(started), Claims.VolunteerDirectory.Deadline, TimeSpan.FromSeconds(15));
    }

    private async Task<NeedStatus> StatusOf(Guid need)
    {
        await using var db = app.CreateDbContext();
        return (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need)).Status;
    }
}
