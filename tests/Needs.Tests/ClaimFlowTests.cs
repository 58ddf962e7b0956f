using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>Team claims, acceptance, declination and release, against the real Volunteers and Teams.</summary>
public sealed class ClaimFlowTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATeamLeader_ClaimsForTheTeam_AndAssignsMembers_ButNoOneOutsideTheTeam()
    {
        var (team, leaderId, leader, leaderInTeams) = await app.TeamAsync();
        var (a, _) = await app.MemberAsync(team, leaderInTeams);
        var (b, _) = await app.MemberAsync(team, leaderInTeams);
        var (outsider, _) = await app.VerifiedVolunteerAsync();
        var (_, resident) = await app.SignInAsync();
        var need = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody(helpersNeeded: 2));

        var claimed = await leader.Must($"/needs/{need}/claims", new { teamId = team });
        var withOutsider = await leader.PutAsJsonAsync($"/needs/{need}/helpers", new { volunteerIds = new[] { a, outsider } }, Ct);
        var assigned = await leader.PutAsJsonAsync($"/needs/{need}/helpers", new { volunteerIds = new[] { a, b } }, Ct);

        Assert.Equal(("team", team), (claimed.GetProperty("claimantKind").GetString(), claimed.GetProperty("claimantId").GetGuid()));
        await withOutsider.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "team_members_only");
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        await using var db = app.CreateDbContext();
        var stored = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct);
        Assert.Equal((ClaimantKind.Team, team, leaderId), (stored.ClaimantKind!.Value, stored.ClaimantId!.Value, stored.ClaimedById!.Value));
        Assert.Equal(new[] { a, b }.Order(), stored.AssignedHelperIds.Order());
        // The assignment the members are told of: once, naming both, and nothing for the refused one.
        var raised = Assert.Single(await app.PublishedAsync<NeedHelpersAssigned>(e => e.NeedId == need));
        Assert.Equal((ClaimantKind.Team, team, leaderId), (raised.ClaimantKind, raised.ClaimantId, raised.AssignedBy));
        Assert.Equal(new[] { a, b }.Order(), raised.HelperIds.Order());
    }

    [Fact]
    public async Task AMemberWhoDoesNotLead_CannotClaimForTheTeam_AndAnUnknownTeamIs422()
    {
        var (team, _, _, leaderInTeams) = await app.TeamAsync();
        var (_, member) = await app.MemberAsync(team, leaderInTeams);
        var (need, _) = await app.PostNeedAsync();

        var byMember = await member.Send($"/needs/{need}/claims", new { teamId = team });
        var unknown = await member.Send($"/needs/{need}/claims", new { teamId = Guid.CreateVersion7() });

        await byMember.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await unknown.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "team_not_found");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task Claim_WithTeamsDown_Is503_AndTheNeedStaysOpen()
    {
        var (need, _) = await app.PostNeedAsync();
        var (team, _, leader, _) = await app.TeamAsync();
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:teams:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var client = cutOff.CreateClient();
        client.DefaultRequestHeaders.Authorization = leader.DefaultRequestHeaders.Authorization;
        await client.WaitUntilReadyAsync();

        var response = await client.Send($"/needs/{need}/claims", new { teamId = team });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "teams_unavailable");
        Assert.Equal(NeedStatus.Open, await StatusOf(need));
    }

    [Fact]
    public async Task TheRequester_Declines_TheNeedIsBackOnTheBoard_AndAnotherVolunteerMayClaimIt()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (first, firstClient) = await app.VerifiedVolunteerAsync();
        var (_, second) = await app.VerifiedVolunteerAsync();
        await firstClient.Must($"/needs/{need}/claims");

        var byVolunteer = await firstClient.Send($"/needs/{need}/declination");
        var answer = await resident.Must($"/needs/{need}/declination");
        var again = await resident.Send($"/needs/{need}/declination");

        await byVolunteer.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_requester");
        Assert.Equal("open", answer.GetProperty("status").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_claimed");
        Assert.Equal(HttpStatusCode.Created, (await second.Send($"/needs/{need}/claims")).StatusCode);
        var e = Assert.Single(await app.PublishedAsync<NeedClaimDeclined>(d => d.NeedId == need));
        Assert.Equal((ClaimantKind.Volunteer, first), (e.ClaimantKind, e.ClaimantId));
    }

    [Fact]
    public async Task TheClaimant_Releases_WithReasonClaimant_AndOnlyTheClaimantMay()
    {
        var (need, resident, volunteerId, volunteer) = await app.AcceptedAsync();
        var (_, other) = await app.VerifiedVolunteerAsync();

        var byOther = await other.Send($"/needs/{need}/release", new { reason = "想帮忙" });
        var byRequester = await resident.Send($"/needs/{need}/release", new { reason = "想帮忙" });
        var answer = await volunteer.Must($"/needs/{need}/release", new { reason = "临时出差" });

        await byOther.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_claimant");
        await byRequester.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_claimant");
        Assert.Equal("open", answer.GetProperty("status").GetString());
        var e = Assert.Single(await app.PublishedAsync<NeedReleased>(r => r.NeedId == need));
        Assert.Equal(("claimant", volunteerId, volunteerId), (e.Reason, e.ClaimantId, e.ReleasedBy));
    }

    [Fact]
    public async Task AnAssistedResidentsNeed_IsPostedAndAcceptedByTheGridWorker_NotByAnotherGridsWorker()
    {
        var resident = await app.Identity.AssistedResidentAsync("wanda", "wanda-01");
        var (workerId, worker) = await app.SignInAsAsync(Alliance.ServiceDefaults.Security.Roles.GridWorker, "wanda", "wanda-01");
        var otherWorker = app.WithToken(NeedsApp.Admin(Alliance.ServiceDefaults.Security.Roles.GridWorker, "wanda-02"));
        var body = NeedsApp.NeedBody("想理个发", "haircut");
        body["requesterId"] = resident;

        var outOfScope = await otherWorker.PostAsJsonAsync("/needs", body, Ct);
        var unknown = await worker.PostAsJsonAsync("/needs", new Dictionary<string, object?>(body) { ["requesterId"] = Guid.CreateVersion7() }, Ct);
        var need = await NeedsApp.PostNeedAsync(worker, body);
        var (_, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{need}/claims");
        var acceptedByOther = await otherWorker.Send($"/needs/{need}/acceptance");
        var accepted = await worker.Must($"/needs/{need}/acceptance");

        await outOfScope.AssertProblemAsync(HttpStatusCode.Forbidden, "resident_out_of_scope");
        await unknown.AssertProblemAsync(HttpStatusCode.Forbidden, "resident_out_of_scope");
        await acceptedByOther.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_requester");
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        await using var db = app.CreateDbContext();
        var stored = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct);
        Assert.Equal((resident, workerId, workerId), (stored.RequesterId, stored.PostedById, stored.AcceptedById!.Value));
    }

    [Fact]
    public async Task Claim_By200VolunteersAtOnce_ExactlyOneWins_TheRestGet409_NoneGets5xx()
    {
        var (need, _) = await app.PostNeedAsync();
        // Registered and verified through Volunteers' API, with minted tokens instead of 200 sign-ups and logins.
        var volunteers = new (Guid Id, HttpClient Client)[200];
        await Parallel.ForAsync(0, volunteers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (i, _) => volunteers[i] = await app.VerifiedVolunteerAsync("xintang", $"志愿者{i}"));

        using var start = new SemaphoreSlim(0);
        var claims = volunteers.Select(async v =>
        {
            await start.WaitAsync(Ct);
            return (v.Id, Response: await v.Client.Send($"/needs/{need}/claims"));
        }).ToList();
        start.Release(volunteers.Length);
        var responses = await Task.WhenAll(claims);

        Assert.DoesNotContain(responses, r => (int)r.Response.StatusCode >= 500);
        var winner = Assert.Single(responses, r => r.Response.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.Response.StatusCode));
        foreach (var loser in responses.Where(r => r != winner).Take(5))
        {
            await loser.Response.AssertProblemAsync(HttpStatusCode.Conflict, "need_already_claimed");
        }

        var body = await winner.Response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(winner.Id, body.GetProperty("claimantId").GetGuid());
        await using var db = app.CreateDbContext();
        Assert.Equal(winner.Id, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct)).ClaimantId);
        Assert.Equal((Guid?)winner.Id, Assert.Single(await app.PublishedAsync<NeedClaimed>(e => e.NeedId == need)).ClaimantId);
    }

    private async Task<NeedStatus> StatusOf(Guid need)
    {
        await using var db = app.CreateDbContext();
        return (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct)).Status;
    }
}
