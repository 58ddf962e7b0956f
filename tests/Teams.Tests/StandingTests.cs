using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Members;
using Alliance.Teams.Standing;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>
/// Suspended or erased leaders and deputies lose their powers, however valid their token still is:
/// Teams hears Volunteers' VolunteerSuspended, VolunteerReinstated and VolunteerErased (here from the
/// real Volunteers service, through the broker).
/// </summary>
public sealed class StandingTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SuspendedLeaderAndDeputy_WithStillValidTokens_AreRefused_AndIsLeaderSaysNo_UntilReinstated()
    {
        var (leaderId, leader) = await app.VerifiedVolunteerAsync();
        var team = await TeamOfAsync(leader);
        var (deputyId, deputy) = await app.DeputyAsync(team, leader);
        var (ended, attendees) = await app.EndedActivityAsync(leader, team, 2);
        var coming = await TeamsApp.ActivityAsync(leader, team);
        var (invitee, _) = await app.VerifiedVolunteerAsync();
        await ChangeStatusAsync(leaderId, "suspension");
        await ChangeStatusAsync(deputyId, "suspension");
        await WaitForStandingAsync(leaderId, StandingState.Suspended);
        await WaitForStandingAsync(deputyId, StandingState.Suspended);
        var before = await app.FingerprintAsync();

        var hours = await leader.PostAsJsonAsync($"/teams/activities/{ended}/hours", Hours(attendees[0]), Ct);
        var deputyHours = await deputy.PostAsJsonAsync($"/teams/activities/{ended}/hours", Hours(attendees[0]), Ct);
        var publish = await leader.PostAsJsonAsync($"/teams/{team}/activities", ActivityBody(), Ct);
        var edit = await leader.PatchAsJsonAsync($"/teams/activities/{coming}", new { title = "停职期间改的" }, Ct);
        var rename = await leader.PatchAsJsonAsync($"/teams/{team}", new { name = "停职期间改的队名" }, Ct);
        var invite = await deputy.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invitee }, Ct);
        var code = await deputy.GetAsync($"/teams/activities/{coming}/check-in-code", Ct);

        foreach (var refused in new[] { hours, deputyHours, publish, edit, rename, invite, code })
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        }

        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal((false, false), await IsLeaderAsync(team, leaderId));
        Assert.Equal((false, false), await IsLeaderAsync(team, deputyId));

        await ChangeStatusAsync(leaderId, "reinstatement");
        await WaitForStandingAsync(leaderId, StandingState.Reinstated);

        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/teams/activities/{ended}/hours", Hours(attendees[0]), Ct)).StatusCode);
        Assert.Equal((true, false), await IsLeaderAsync(team, leaderId));
        await (await deputy.PostAsJsonAsync($"/teams/activities/{ended}/hours", Hours(attendees[1]), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
    }

    [Fact]
    public async Task Leader_WhoseTokenLacksTheVolunteerRole_IsRefused_AndChangesNothing()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (ended, attendees) = await app.EndedActivityAsync(leader, team, 1);
        var withoutRole = app.Minted(leaderId, Roles.Resident);
        var before = await app.FingerprintAsync();

        var hours = await withoutRole.PostAsJsonAsync($"/teams/activities/{ended}/hours", Hours(attendees[0]), Ct);
        var publish = await withoutRole.PostAsJsonAsync($"/teams/{team}/activities", ActivityBody(), Ct);
        var rename = await withoutRole.PatchAsJsonAsync($"/teams/{team}", new { name = "没有志愿者角色" }, Ct);

        foreach (var refused in new[] { hours, publish, rename })
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        }

        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/teams/activities/{ended}/hours", Hours(attendees[0]), Ct)).StatusCode);
    }

    [Fact]
    public async Task ErasedLeader_LeavesEveryTeam_TheLongestServingDeputyLeads_AndTheirPlaceGoesToTheWaitlist()
    {
        var (leaderId, leader) = await app.VerifiedVolunteerAsync();
        var led = await TeamOfAsync(leader);
        var (firstDeputy, firstDeputyClient) = await app.DeputyAsync(led, leader);
        var (secondDeputy, _) = await app.DeputyAsync(led, leader);
        var alone = await TeamOfAsync(leader);
        var (other, _, otherLeader) = await app.TeamAsync();
        var request = await leader.PostAsync($"/teams/{other}/join-requests", null, Ct);
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        (await otherLeader.PostAsync($"/teams/{other}/join-requests/{requestId}/approval", null, Ct)).EnsureSuccessStatusCode();
        // A place at the other team's coming activity, with someone waiting for it; and hours at a past one.
        var coming = await TeamsApp.ActivityAsync(otherLeader, other, capacity: 1);
        var (waiting, waitingClient) = app.MintedVolunteer();
        (await leader.PostAsync($"/teams/activities/{coming}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await waitingClient.PostAsync($"/teams/activities/{coming}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var past = await TeamsApp.ActivityAsync(leader, led);
        (await leader.PostAsync($"/teams/activities/{past}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, past);
        (await firstDeputyClient.PostAsJsonAsync($"/teams/activities/{past}/hours", Hours(leaderId), Ct)).EnsureSuccessStatusCode();

        var erased = await app.Volunteers.WithToken(IdentityApp.MintToken(leaderId, [Roles.Volunteer])).DeleteAsync("/volunteers/me", Ct);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await WaitForStandingAsync(leaderId, StandingState.Erased);

        // The consumer published the handover in the transaction that recorded the erasure.
        var handover = Assert.Single(await app.PublishedAsync<TeamLeadershipHandedOver>(e => e.TeamId == led));
        Assert.Equal((leaderId, firstDeputy), (handover.PreviousLeaderId, handover.LeaderId));
        await using var db = app.CreateDbContext();
        Assert.Equal(firstDeputy, (await db.Teams.AsNoTracking().SingleAsync(t => t.Id == led, Ct)).LeaderId);
        Assert.Equal(
            new[] { (firstDeputy, MemberRole.Leader), (secondDeputy, MemberRole.Deputy) }.Order(),
            (await db.Members.AsNoTracking().Where(m => m.TeamId == led).ToListAsync(Ct)).Select(m => (m.VolunteerId, m.Role)).Order());
        Assert.False(await db.Members.AnyAsync(m => m.TeamId == other && m.VolunteerId == leaderId, Ct));
        Assert.False(await db.Memberships.AnyAsync(m => m.VolunteerId == leaderId, Ct));
        Assert.False(await db.SignUps.AnyAsync(s => s.VolunteerId == leaderId, Ct));
        Assert.Equal(Activities.SignUpStatus.Confirmed, (await db.SignUps.AsNoTracking().SingleAsync(s => s.ActivityId == coming && s.VolunteerId == waiting, Ct)).Status);
        Assert.Equal(1.0m, (await firstDeputyClient.GetFromJsonAsync<JsonElement>($"/teams/{led}", Ct)).GetProperty("figures").GetProperty("hoursConfirmed").GetDecimal());
        // The team without a deputy keeps them as a leader without powers; its community's admins run it.
        Assert.Equal(leaderId, (await db.Teams.AsNoTracking().SingleAsync(t => t.Id == alone, Ct)).LeaderId);
        Assert.Equal((false, false), await IsLeaderAsync(alone, leaderId));
        await (await leader.PatchAsJsonAsync($"/teams/{alone}", new { name = "注销之后改的队名" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(HttpStatusCode.Created, (await app.CommunityAdmin().PostAsJsonAsync($"/teams/{alone}/activities", ActivityBody(), Ct)).StatusCode);
    }

    /// <summary>A new approved team of wanda, set up by this volunteer.</summary>
    private async Task<Guid> TeamOfAsync(HttpClient leader)
    {
        var created = await leader.PostAsJsonAsync("/teams", new { name = $"守护蓝{Guid.NewGuid():N}"[..10], communityId = "wanda" }, Ct);
        var team = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        (await app.CommunityAdmin().PostAsync($"/teams/{team}/approval", null, Ct)).EnsureSuccessStatusCode();
        return team;
    }

    /// <summary>An admin of wanda suspends or reinstates the volunteer at the real Volunteers service, which publishes the event.</summary>
    private async Task ChangeStatusAsync(Guid volunteer, string change)
    {
        using var admin = app.Volunteers.WithToken(IdentityApp.MintToken(
            Guid.CreateVersion7(), [Roles.CommunityAdmin], claims: new Dictionary<string, object> { [AllianceClaims.CommunityId] = "wanda" }));
        (await admin.PostAsJsonAsync($"/volunteers/{volunteer}/{change}", new { reason = "接到居民投诉，核实中" }, Ct)).EnsureSuccessStatusCode();
    }

    private Task WaitForStandingAsync(Guid volunteer, StandingState standing) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.VolunteerStandings.AnyAsync(s => s.VolunteerId == volunteer && s.Standing == standing, Ct);
        }, $"Teams hearing that {volunteer} is {standing}");

    private async Task<(bool IsLeader, bool IsDeputy)> IsLeaderAsync(Guid team, Guid account)
    {
        using var channel = app.Host.CreateGrpcChannel();
        var reply = await new TeamsService.TeamsServiceClient(channel).IsLeaderAsync(
            new IsLeaderRequest { TeamId = team.ToString(), AccountId = account.ToString() }, await app.AsServiceAsync("needs"), DateTime.UtcNow.AddSeconds(10), Ct);
        return (reply.IsLeader, reply.IsDeputy);
    }

    private static object ActivityBody()
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        return new { title = "义诊", kindId = "home_repair", place = "万达社区服务中心", startsAt = start, endsAt = start.AddHours(2), capacity = 5 };
    }

    private static object Hours(Guid volunteer) => new { attendees = new[] { new { volunteerId = volunteer, hours = 1.0m } } };
}
