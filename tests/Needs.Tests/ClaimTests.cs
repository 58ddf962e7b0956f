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
    public async Task Claim_ByAVerifiedVolunteerOfAnotherCommunity_Returns201_AndTheClaimantIsTheCaller()
    {
        var (need, _) = await app.PostNeedAsync();
        var (volunteer, client) = await app.VolunteerAsync();

        var response = await client.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claimed = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());
        Assert.Equal(volunteer, claimed.GetProperty("claimantId").GetGuid());
    }

    [Fact]
    public async Task Claim_NamingAnotherVolunteerInTheBody_StillClaimsForTheCaller()
    {
        var (need, _) = await app.PostNeedAsync();
        var (volunteer, client) = await app.VolunteerAsync();

        var response = await client.PostAsJsonAsync($"/needs/{need}/claims", new { volunteerId = Guid.CreateVersion7(), claimantId = Guid.CreateVersion7() }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(volunteer, (await db.Needs.SingleAsync(n => n.Id == need, TestContext.Current.CancellationToken)).ClaimantId);
    }

    [Fact]
    public async Task Claim_ByASignedInPersonWithoutTheVolunteerRole_Returns403_AndTheNeedStaysOpen()
    {
        var (need, _) = await app.PostNeedAsync();
        var (_, resident) = await app.SignInAsync();

        var response = await resident.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task AMerchantClaim_ByStaffOfAnotherMerchant_OrByAResident_Is403_AndWithMerchantsDownIs503_AndTheNeedStaysOpen()
    {
        var (need, _) = await app.PostNeedAsync("裤脚改短", "other");
        var merchant = Guid.CreateVersion7();
        var staff = app.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Alliance.ServiceDefaults.Security.Roles.MerchantStaff],
            claims: new Dictionary<string, object> { [Alliance.ServiceDefaults.Security.AllianceClaims.MerchantId] = merchant.ToString() }));
        var (_, resident) = await app.SignInAsync();
        var ct = TestContext.Current.CancellationToken;

        var otherMerchant = await staff.PostAsJsonAsync($"/needs/{need}/merchant-claims", new { merchantId = Guid.CreateVersion7() }, ct);
        var notStaff = await resident.PostAsJsonAsync($"/needs/{need}/merchant-claims", new { merchantId = merchant }, ct);
        var down = await staff.PostAsJsonAsync($"/needs/{need}/merchant-claims", new { merchantId = merchant }, ct);

        await otherMerchant.AssertProblemAsync(HttpStatusCode.Forbidden, "not_merchant_staff");
        await notStaff.AssertProblemAsync(HttpStatusCode.Forbidden, "not_merchant_staff");
        await down.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "merchants_unavailable");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_OfOnesOwnNeed_Returns422_AndTheNeedStaysOpen()
    {
        var (_, volunteer) = await app.VolunteerAsync();
        var need = await NeedsApp.PostNeedAsync(volunteer);

        var response = await volunteer.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_claim_own_need");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_WhenAlreadyClaimed_Returns409_AndKeepsTheFirstClaimant()
    {
        var (need, _) = await app.PostNeedAsync();
        var (first, firstClient) = await app.VolunteerAsync("邵凤华");
        var (_, secondClient) = await app.VolunteerAsync("岳传生");
        (await firstClient.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var response = await secondClient.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "need_already_claimed");
        await using var db = app.CreateDbContext();
        Assert.Equal(first, (await db.Needs.SingleAsync(n => n.Id == need, TestContext.Current.CancellationToken)).ClaimantId);
    }

    [Fact]
    public async Task Claim_ByEightVolunteersAtOnce_ExactlyOneWins_AndTheOthersGet409()
    {
        var (need, _) = await app.PostNeedAsync();
        var volunteers = (await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.VolunteerAsync($"志愿者{i}")))).Select(v => v.Client).ToList();

        var responses = await Task.WhenAll(volunteers.Select(v => v.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken)));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var claimant = (await winner.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("claimantId").GetGuid();
        await using var db = app.CreateDbContext();
        Assert.Equal(claimant, (await db.Needs.SingleAsync(n => n.Id == need, TestContext.Current.CancellationToken)).ClaimantId);
    }

    [Fact]
    public async Task Claim_OfAnUnknownNeed_Returns404()
    {
        var (_, volunteer) = await app.VolunteerAsync();

        var unknown = await volunteer.PostAsync($"/needs/{Guid.CreateVersion7()}/claims", null, TestContext.Current.CancellationToken);

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "need_not_found");
    }

    [Fact]
    public async Task Claim_ByAVolunteerVolunteersDoesNotKnow_Returns422_AndTheNeedStaysOpen()
    {
        var (need, _) = await app.PostNeedAsync();
        // The role is in the token, but Volunteers has no record of this person (deleted, say).
        var (id, mobile) = await app.Identity.SignUpAsync();
        using var client = app.WithToken(await app.Identity.LoginWithRoleAsync(mobile, Alliance.ServiceDefaults.Security.Roles.Volunteer));

        var response = await client.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "volunteer_not_found");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_WithVolunteersDown_Returns503_AndTheNeedStaysOpen()
    {
        var (need, _) = await app.PostNeedAsync();
        var (_, volunteer) = await app.VolunteerAsync();
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var client = cutOff.CreateClient();
        client.DefaultRequestHeaders.Authorization = volunteer.DefaultRequestHeaders.Authorization;
        await client.WaitUntilReadyAsync();

        var response = await client.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "volunteers_unavailable");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_WithVolunteersHanging_Returns503AtTheDeadline_NotAHang()
    {
        var (need, _) = await app.PostNeedAsync();
        var (_, volunteer) = await app.VolunteerAsync();
        using var hanging = new Blackhole();
        // Production's deadline: against a Volunteers that never answers, the tests' longer one (room for
        // a slow first call on a loaded machine) would only make the wait longer.
        await using var stuck = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = $"http://127.0.0.1:{hanging.Port}",
            ["Grpc:Deadlines:volunteers"] = Claims.VolunteerDirectory.Deadline.ToString(),
        });
        using var client = stuck.CreateClient();
        client.DefaultRequestHeaders.Authorization = volunteer.DefaultRequestHeaders.Authorization;
        await client.WaitUntilReadyAsync();
        var started = Stopwatch.GetTimestamp();

        var response = await client.PostAsync($"/needs/{need}/claims", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "volunteers_unavailable");
        // Anything near the client's own 30 s timeout would be a hang.
        Assert.InRange(Stopwatch.GetElapsedTime(started), Claims.VolunteerDirectory.Deadline, TimeSpan.FromSeconds(15));
    }

    private async Task<NeedStatus> StatusOf(Guid need)
    {
        await using var db = app.CreateDbContext();
        return (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need)).Status;
    }
}
