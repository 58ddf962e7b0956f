using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>From the start of the work to its confirmation, over the API, with the events it publishes.</summary>
public sealed class LifecycleTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVolunteersNeed_Completed_AndConfirmed_PublishesNeedConfirmedOnce_WithEveryField_AndTheHoursReachTheLedger()
    {
        var (need, resident, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        var requester = (await resident.Read($"/needs/{need}")).GetProperty("requesterId").GetGuid();
        // Finished work: the need's times move three hours back in the database, so 2.5 h fit.
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(3));

        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 2.5m, 0.5m)));
        var answer = await resident.Must($"/needs/{need}/confirmation", new { rating = 5, comment = "修得很好，谢谢" });
        var twice = await resident.Send($"/needs/{need}/confirmation", new { rating = 4 });

        Assert.Equal("confirmed", answer.GetProperty("status").GetString());
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_completed");
        var e = Assert.Single(await app.PublishedAsync<NeedConfirmed>(c => c.NeedId == need));
        Assert.Equal((requester, ClaimantKind.Volunteer, volunteerId, (Guid?)null), (e.RequesterId, e.ClaimantKind, e.ClaimantId, e.TeamId));
        Assert.Equal(("wanda", "wanda-01", "home_repair", "normal"), (e.CommunityId, e.GridId, e.KindId, e.Urgency));
        Assert.True(e.ClaimedAt <= e.StartedAt && e.StartedAt <= e.CompletedAt && e.CompletedAt <= e.ConfirmedAt);
        Assert.Equal((NeedConfirmer.Resident, (Guid?)requester, (int?)5), (e.ConfirmedBy, e.ConfirmedById, e.Rating));
        Assert.Equal(new NeedHelper(volunteerId, 2.5m, 0.5m), Assert.Single(e.Helpers));

        // Volunteers consumes it, over the broker, into the certified hours ledger, the need as the source.
        using var self = app.Volunteers.WithToken(IdentityApp.MintToken(volunteerId));
        var ledger = await Eventually.ReturnsAsync(
            () => self.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteerId}/hours", Ct),
            l => l.GetProperty("items").GetArrayLength() > 0, "The volunteer's hours in Volunteers' ledger");
        Assert.Contains(need.ToString(), ledger.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATeamsNeed_RecordsEachAssignedMembersHoursApart()
    {
        var (team, _, leader, leaderInTeams) = await app.TeamAsync();
        var (a, _) = await app.MemberAsync(team, leaderInTeams);
        var (b, _) = await app.MemberAsync(team, leaderInTeams);
        var (_, resident) = await app.SignInAsync();
        var need = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("楼道大扫除", "cleaning", helpersNeeded: 2));
        await leader.Must($"/needs/{need}/claims", new { teamId = team });
        await resident.Must($"/needs/{need}/acceptance");
        var tooEarly = await leader.Send($"/needs/{need}/start");
        (await leader.PutAsJsonAsync($"/needs/{need}/helpers", new { volunteerIds = new[] { a, b } }, Ct)).EnsureSuccessStatusCode();
        await leader.Must($"/needs/{need}/start");
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(4));

        await leader.Must($"/needs/{need}/completion", NeedSteps.Hours((a, 2m, 0m), (b, 3.5m, 1m)));
        await resident.Must($"/needs/{need}/confirmation", new { rating = 4 });

        await tooEarly.AssertProblemAsync(HttpStatusCode.Conflict, "no_helpers_assigned");
        var e = Assert.Single(await app.PublishedAsync<NeedConfirmed>(c => c.NeedId == need));
        Assert.Equal((ClaimantKind.Team, team, (Guid?)team), (e.ClaimantKind, e.ClaimantId, e.TeamId));
        Assert.Equal(new[] { new NeedHelper(a, 2m, 0m), new NeedHelper(b, 3.5m, 1m) }.OrderBy(h => h.VolunteerId), e.Helpers.OrderBy(h => h.VolunteerId));
    }

    [Fact]
    public async Task AfterAHandoverInTeams_TheNewLeaderRunsTheTeamsClaim_AndThePreviousLeaderNoLonger()
    {
        var (team, _, leader, leaderInTeams) = await app.TeamAsync();
        var (successor, _) = await app.MemberAsync(team, leaderInTeams);
        var (member, _) = await app.MemberAsync(team, leaderInTeams);
        var (_, resident) = await app.SignInAsync();
        var need = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("帮忙搬运旧家具", "home_repair", helpersNeeded: 1));
        await leader.Must($"/needs/{need}/claims", new { teamId = team });
        await resident.Must($"/needs/{need}/acceptance");

        // The leader hands the team over in Teams; TeamLeadershipHandedOver reaches Needs over the broker.
        (await leaderInTeams.PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = successor }, Ct)).EnsureSuccessStatusCode();
        var newLeader = app.Minted(successor, Alliance.ServiceDefaults.Security.Roles.Volunteer);
        await Eventually.ReturnsAsync(
            () => newLeader.PutAsJsonAsync($"/needs/{need}/helpers", new { volunteerIds = new[] { member } }, Ct),
            assigned => assigned.IsSuccessStatusCode, "The new leader assigning a member");

        var byPrevious = await leader.Send($"/needs/{need}/start");
        await newLeader.Must($"/needs/{need}/start");

        await byPrevious.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_claimant");
        Assert.Equal("inProgress", (await resident.Read($"/needs/{need}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TwoHandovers_InEitherOrderAndDeliveredTwice_LeaveTheClaimWithTheTeamsCurrentLeader()
    {
        var (team, leaderId, leader, leaderInTeams) = await app.TeamAsync();
        var (second, _) = await app.MemberAsync(team, leaderInTeams);
        var (third, _) = await app.MemberAsync(team, leaderInTeams);
        var (_, resident) = await app.SignInAsync();
        var need = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("帮忙修理晾衣架", "home_repair", helpersNeeded: 1));
        await leader.Must($"/needs/{need}/claims", new { teamId = team });

        // In Teams: the leader hands over to the second, who hands over to the third.
        (await leaderInTeams.PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = second }, Ct)).EnsureSuccessStatusCode();
        using var secondInTeams = app.Teams.WithToken(IdentityApp.MintToken(second, [Alliance.ServiceDefaults.Security.Roles.Volunteer]));
        (await secondInTeams.PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = third }, Ct)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await ClaimantOf(need) == third, "The claim following the team to its third leader");

        // The first handover arrives again after the second (a redelivery, or a late copy), twice:
        // Needs asks Teams who leads now, so the claim stays with the third.
        var late = new Alliance.Contracts.Teams.TeamLeadershipHandedOver(Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-1), null, team, leaderId, second);
        await app.Identity.PublishAsync(late, late.EventId);
        await app.Identity.PublishAsync(late, late.EventId);
        await app.HandledAsync(late.EventId);

        Assert.Equal(third, await ClaimantOf(need));
    }

    private async Task<Guid?> ClaimantOf(Guid need)
    {
        await using var db = app.CreateDbContext();
        return (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct)).ClaimedById;
    }

    [Fact]
    public async Task ADispute_IsResolvedByAnAdminOfTheCommunity_WithOtherHours_NotByAnotherCommunitysAdmin()
    {
        var (need, resident, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(4));
        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 4m, 0m)));
        var byVolunteer = await volunteer.Send($"/needs/{need}/dispute", new { reason = "我自己的" });
        await resident.Must($"/needs/{need}/dispute", new { reason = "只来了一个小时" });
        var otherAdmin = app.WithToken(NeedsApp.Admin(Alliance.ServiceDefaults.Security.Roles.CommunityAdmin, "fushun"));
        var admin = app.WithToken(NeedsApp.Admin(Alliance.ServiceDefaults.Security.Roles.CommunityAdmin, "wanda"));
        var resolution = new { outcome = "confirmed", helpers = new[] { new { volunteerId, hours = 1m, nightHours = 0m } }, note = "核实后按一小时计" };

        var outOfScope = await otherAdmin.Send($"/needs/{need}/dispute/resolution", resolution);
        var confirmedAnswer = await admin.Must($"/needs/{need}/dispute/resolution", resolution);
        var again = await admin.Send($"/needs/{need}/dispute/resolution", resolution);

        await byVolunteer.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_requester");
        await outOfScope.AssertProblemAsync(HttpStatusCode.Forbidden, "not_dispute_resolver");
        Assert.Equal("confirmed", confirmedAnswer.GetProperty("status").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_disputed");
        var e = Assert.Single(await app.PublishedAsync<NeedConfirmed>(c => c.NeedId == need));
        Assert.Equal((NeedConfirmer.Admin, (int?)null, 1m), (e.ConfirmedBy, e.Rating, Assert.Single(e.Helpers).Hours));
    }

    [Fact]
    public async Task ADisputeResolvedToCancelled_PublishesNeedCancelled_AndNoConfirmation()
    {
        var (need, resident, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(1));
        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 1m, 0m)));
        await resident.Must($"/needs/{need}/dispute", new { reason = "根本没来" });
        var admin = app.WithToken(NeedsApp.Admin(Alliance.ServiceDefaults.Security.Roles.StreetAdmin));

        var answer = await admin.Must($"/needs/{need}/dispute/resolution", new { outcome = "cancelled", note = "核实未上门" });

        Assert.Equal("cancelled", answer.GetProperty("status").GetString());
        Assert.Single(await app.PublishedAsync<NeedCancelled>(c => c.NeedId == need));
        Assert.Empty(await app.PublishedAsync<NeedConfirmed>(c => c.NeedId == need));
    }

    [Fact]
    public async Task IllegalSteps_Are409WithStableCodes_AndChangeNothing()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (volunteerId, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{need}/claims");

        var startBeforeAcceptance = await volunteer.Send($"/needs/{need}/start");
        var completeBeforeStart = await volunteer.Send($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 1m, 0m)));
        var confirmBeforeCompletion = await resident.Send($"/needs/{need}/confirmation", new { rating = 5 });
        var disputeBeforeCompletion = await resident.Send($"/needs/{need}/dispute", new { reason = "还没做" });
        var startByRequester = await resident.Send($"/needs/{need}/start");

        await startBeforeAcceptance.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_accepted");
        await completeBeforeStart.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_in_progress");
        await confirmBeforeCompletion.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_completed");
        await disputeBeforeCompletion.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_completed");
        await startByRequester.AssertProblemAsync(HttpStatusCode.Forbidden, "not_need_claimant");
        await using var db = app.CreateDbContext();
        var stored = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct);
        Assert.Equal((NeedStatus.Claimed, (DateTimeOffset?)null, 0), (stored.Status, stored.StartedAt, stored.Helpers.Count));
    }

    [Fact]
    public async Task ACompletion_NamingSomeoneElseAsHelper_Is422()
    {
        var (need, _, _, volunteer) = await app.AcceptedAsync(start: true);

        var response = await volunteer.Send($"/needs/{need}/completion", NeedSteps.Hours((Guid.CreateVersion7(), 1m, 0m)));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "helper_not_assigned");
    }
}
