using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

public sealed class MembershipTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JoinRequest_ApprovedByTheLeader_MakesAMember_AndPublishesTeamMemberJoined()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (volunteer, client) = await app.VerifiedVolunteerAsync();

        var requested = await client.PostAsync($"/teams/{team}/join-requests", null, Ct);
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var requestId = (await requested.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var approved = await leader.PostAsync($"/teams/{team}/join-requests/{requestId}/approval", null, Ct);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("accepted", (await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        var members = await client.GetFromJsonAsync<JsonElement>($"/teams/{team}/members", Ct);
        Assert.Contains(members.GetProperty("items").EnumerateArray(), m => m.GetProperty("volunteerId").GetGuid() == volunteer && m.GetProperty("role").GetString() == "member");
        Assert.Single(await app.PublishedAsync<TeamMemberJoined>(e => e.TeamId == team && e.VolunteerId == volunteer));
        var figures = (await client.GetFromJsonAsync<JsonElement>($"/teams/{team}", Ct)).GetProperty("figures");
        Assert.Equal(2, figures.GetProperty("members").GetInt32());
    }

    [Fact]
    public async Task JoinRequest_ByAVolunteerWhomVolunteersHasNotVerified_Returns422_AndCreatesNothing()
    {
        var (team, _, _) = await app.TeamAsync();
        var (pending, pendingClient) = await app.RegisteredVolunteerAsync();
        var (unknown, unknownClient) = app.MintedVolunteer();

        var notVerified = await pendingClient.PostAsync($"/teams/{team}/join-requests", null, Ct);
        var notRegistered = await unknownClient.PostAsync($"/teams/{team}/join-requests", null, Ct);

        await notVerified.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "volunteer_not_verified");
        await notRegistered.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "volunteer_not_verified");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Memberships.AnyAsync(m => m.VolunteerId == pending || m.VolunteerId == unknown, Ct));
    }

    [Fact]
    public async Task JoinRequest_WhenVolunteersIsDown_Returns503_AndCreatesNothing()
    {
        var (team, _, _) = await app.TeamAsync();
        var (volunteer, _) = app.MintedVolunteer();
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var client = cutOff.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", IdentityApp.MintToken(volunteer, ["volunteer"]));

        var response = await client.PostAsync($"/teams/{team}/join-requests", null, Ct);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "volunteers_unavailable");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Memberships.AnyAsync(m => m.VolunteerId == volunteer, Ct));
    }

    [Fact]
    public async Task Approval_ByAMemberWhoIsNotLeaderOrDeputy_Returns403_AndChangesNothing_ButADeputyMayApprove()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (deputy, _) = await JoinAsync(team, leader);
        var (_, outsider) = await app.VerifiedVolunteerAsync();
        var (_, applicant) = await app.VerifiedVolunteerAsync();
        var request = await (await applicant.PostAsync($"/teams/{team}/join-requests", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var approval = $"/teams/{team}/join-requests/{request.GetProperty("id").GetGuid()}/approval";

        var refused = await outsider.PostAsync(approval, null, Ct);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal("Pending", (await db.Memberships.AsNoTracking().SingleAsync(m => m.Id == request.GetProperty("id").GetGuid(), Ct)).Status.ToString());
        }

        (await leader.PatchAsJsonAsync($"/teams/{team}/members/{deputy}", new { role = "deputy" }, Ct)).EnsureSuccessStatusCode();
        var byDeputy = await app.Minted(deputy, "volunteer").PostAsync(approval, null, Ct);
        Assert.Equal(HttpStatusCode.OK, byDeputy.StatusCode);
    }

    [Fact]
    public async Task Invitation_AcceptedByTheInvitee_MakesAMember_ButNoOneElseMayAcceptIt()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (invitee, client) = await app.VerifiedVolunteerAsync();
        var (_, other) = await app.VerifiedVolunteerAsync();

        var invited = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invitee }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var acceptance = $"{invited.Headers.Location!.OriginalString}/acceptance";
        var stolen = await other.PostAsync(acceptance, null, Ct);
        var accepted = await client.PostAsync(acceptance, null, Ct);
        var again = await client.PostAsync(acceptance, null, Ct);

        await stolen.AssertProblemAsync(HttpStatusCode.NotFound, "membership_not_found");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "already_team_member");
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Members.CountAsync(m => m.TeamId == team, Ct));
    }

    [Fact]
    public async Task Invitation_ByANonLeader_Returns403_AndOfAnUnverifiedVolunteer_Returns422()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (_, stranger) = await app.VerifiedVolunteerAsync();
        var (pending, _) = await app.RegisteredVolunteerAsync();

        var refused = await stranger.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = pending }, Ct);
        var unverified = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = pending }, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await unverified.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "volunteer_not_verified");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Memberships.AnyAsync(m => m.TeamId == team, Ct));
    }

    [Fact]
    public async Task Leave_RemovesTheMember_AndPublishesTeamMemberLeft_ButTheLeaderCannotLeave()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (member, client) = await JoinAsync(team, leader);

        var left = await client.DeleteAsync($"/teams/{team}/membership", Ct);
        var leaderLeaves = await leader.DeleteAsync($"/teams/{team}/membership", Ct);
        var twice = await client.DeleteAsync($"/teams/{team}/membership", Ct);

        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        await leaderLeaves.AssertProblemAsync(HttpStatusCode.Conflict, "leader_cannot_leave");
        await twice.AssertProblemAsync(HttpStatusCode.NotFound, "not_team_member");
        Assert.Single(await app.PublishedAsync<TeamMemberLeft>(e => e.TeamId == team && e.VolunteerId == member));
    }

    [Fact]
    public async Task Squads_AreSetUpByTheLeader_AndMembersArePutInThem_ButNotByOthers()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (member, client) = await JoinAsync(team, leader);

        var squad = await leader.PostAsJsonAsync($"/teams/{team}/squads", new { name = "助老服务小分队" }, Ct);
        var refused = await client.PostAsJsonAsync($"/teams/{team}/squads", new { name = "抢来的小分队" }, Ct);
        var squadId = (await squad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var placed = await leader.PatchAsJsonAsync($"/teams/{team}/members/{member}", new { squadId }, Ct);
        var duplicate = await leader.PostAsJsonAsync($"/teams/{team}/squads", new { name = "助老服务小分队" }, Ct);

        Assert.Equal(HttpStatusCode.Created, squad.StatusCode);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(squadId, (await placed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("squadId").GetGuid());
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "squad_name_taken");
        var squads = await client.GetFromJsonAsync<JsonElement>($"/teams/{team}/squads", Ct);
        Assert.Single(squads.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Members_ArePagedByKeyset_AndAnUnknownCursorIs400()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (member, _) = await JoinAsync(team, leader);

        var first = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/members?limit=1", Ct);
        var next = first.GetProperty("next").GetString();
        var second = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/members?limit=1&after={next}", Ct);
        var bad = await leader.GetAsync($"/teams/{team}/members?after=not-a-cursor", Ct);
        var tooMany = await leader.GetAsync($"/teams/{team}/members?limit=101", Ct);

        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(m => m.GetProperty("volunteerId").GetGuid()).ToHashSet();
        Assert.Equal([leaderId, member], seen.Order());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task StreetWideTeam_HasNoCommunity_AndNamesAreUniqueAmongStreetWideTeams()
    {
        var (_, client) = app.MintedVolunteer();
        var name = $"巧娘{Guid.NewGuid():N}"[..10];

        var created = await client.PostAsJsonAsync("/teams", new { name, streetWide = true, theme = "craft" }, Ct);
        var again = await client.PostAsJsonAsync("/teams", new { name, streetWide = true }, Ct);
        var both = await client.PostAsJsonAsync("/teams", new { name = "五老红", streetWide = true, communityId = "wanda" }, Ct);

        var team = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(team.GetProperty("streetWide").GetBoolean());
        Assert.Equal(JsonValueKind.Null, team.GetProperty("communityId").ValueKind);
        Assert.Equal("craft", team.GetProperty("theme").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "team_name_taken");
        await both.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Rejection_ByTheLeader_LeavesTheVolunteerOutside_AndTheyMayAskAgain()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (volunteer, client) = await app.VerifiedVolunteerAsync();
        var first = await (await client.PostAsync($"/teams/{team}/join-requests", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var rejected = await leader.PostAsync($"/teams/{team}/join-requests/{first.GetProperty("id").GetGuid()}/rejection", null, Ct);
        var again = await client.PostAsync($"/teams/{team}/join-requests", null, Ct);

        Assert.Equal("declined", (await rejected.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var members = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/members", Ct);
        Assert.DoesNotContain(members.GetProperty("items").EnumerateArray(), m => m.GetProperty("volunteerId").GetGuid() == volunteer);
    }

    [Fact]
    public async Task Invitation_DeclinedByTheInvitee_LeavesThemOutside_AndTheTeamMayInviteAgain_ButNoOneElseMayDeclineIt()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (invitee, client) = await app.VerifiedVolunteerAsync();
        var (_, other) = await app.VerifiedVolunteerAsync();
        var invited = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invitee }, Ct);
        var invitation = (await invited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var declination = $"{invited.Headers.Location!.OriginalString}/declination";

        var stolen = await other.PostAsync(declination, null, Ct);
        var byLeader = await leader.PostAsync(declination, null, Ct);
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal("Pending", (await db.Memberships.AsNoTracking().SingleAsync(m => m.Id == invitation, Ct)).Status.ToString());
        }

        var declined = await client.PostAsync(declination, null, Ct);
        var twice = await client.PostAsync(declination, null, Ct);
        var acceptedAfter = await client.PostAsync($"{invited.Headers.Location!.OriginalString}/acceptance", null, Ct);
        var again = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invitee }, Ct);

        await stolen.AssertProblemAsync(HttpStatusCode.NotFound, "membership_not_found");
        await byLeader.AssertProblemAsync(HttpStatusCode.NotFound, "membership_not_found");
        Assert.Equal("declined", (await declined.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "membership_not_pending");
        await acceptedAfter.AssertProblemAsync(HttpStatusCode.Conflict, "membership_not_pending");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await using var after = app.CreateDbContext();
        Assert.False(await after.Members.AnyAsync(m => m.TeamId == team && m.VolunteerId == invitee, Ct));
    }

    [Fact]
    public async Task Mine_ListsTheCallersTeamsWithTheirRole_AndOnlyTheirPendingInvitations()
    {
        var (joined, _, joinedLeader) = await app.TeamAsync();
        var (inviting, _, invitingLeader) = await app.TeamAsync();
        var (declinedTeam, _, declinedLeader) = await app.TeamAsync();
        var (me, client) = await app.VerifiedVolunteerAsync();
        var (someoneElse, _) = await app.VerifiedVolunteerAsync();
        var request = await (await client.PostAsync($"/teams/{joined}/join-requests", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        (await joinedLeader.PostAsync($"/teams/{joined}/join-requests/{request.GetProperty("id").GetGuid()}/approval", null, Ct)).EnsureSuccessStatusCode();
        var led = await client.PostAsJsonAsync("/teams", new { name = $"生态绿{Guid.NewGuid():N}"[..10], communityId = "wanda", theme = "ecoGreen" }, Ct);
        var ledId = (await led.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var pending = await (await invitingLeader.PostAsJsonAsync($"/teams/{inviting}/invitations", new { volunteerId = me }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        (await invitingLeader.PostAsJsonAsync($"/teams/{inviting}/invitations", new { volunteerId = someoneElse }, Ct)).EnsureSuccessStatusCode();
        var declined = await declinedLeader.PostAsJsonAsync($"/teams/{declinedTeam}/invitations", new { volunteerId = me }, Ct);
        (await client.PostAsync($"{declined.Headers.Location!.OriginalString}/declination", null, Ct)).EnsureSuccessStatusCode();

        var teams = await client.GetFromJsonAsync<JsonElement>("/teams/mine", Ct);
        var firstPage = await client.GetFromJsonAsync<JsonElement>("/teams/mine?limit=1", Ct);
        var invitations = await client.GetFromJsonAsync<JsonElement>("/teams/invitations/mine", Ct);

        var roles = teams.GetProperty("items").EnumerateArray().Select(t => (t.GetProperty("team").GetProperty("id").GetGuid(), t.GetProperty("role").GetString())).Order();
        Assert.Equal(new[] { (joined, (string?)"member"), (ledId, "leader") }.Order(), roles);
        Assert.NotEqual(JsonValueKind.Null, firstPage.GetProperty("next").ValueKind);
        var invitation = Assert.Single(invitations.GetProperty("items").EnumerateArray());
        Assert.Equal(pending.GetProperty("id").GetGuid(), invitation.GetProperty("id").GetGuid());
        Assert.Equal(inviting, invitation.GetProperty("teamId").GetGuid());
    }

    private Task<(Guid Id, HttpClient Client)> JoinAsync(Guid team, HttpClient leader) => app.MemberAsync(team, leader);
}
