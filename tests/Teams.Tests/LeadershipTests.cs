using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Teams.Members;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>Removing members and handing the team over.</summary>
public sealed class LeadershipTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Removal_ByTheLeader_RemovesTheMember_KeepsTheReason_AndPublishesTeamMemberRemoved()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (member, client) = await app.MemberAsync(team, leader);

        var removed = await leader.PostAsJsonAsync($"/teams/{team}/members/{member}/removal", new { reason = "连续三个月未参加活动" }, Ct);
        var twice = await leader.PostAsJsonAsync($"/teams/{team}/members/{member}/removal", new { reason = "再次移出" }, Ct);
        var leaves = await client.DeleteAsync($"/teams/{team}/membership", Ct);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await twice.AssertProblemAsync(HttpStatusCode.NotFound, "member_not_found");
        await leaves.AssertProblemAsync(HttpStatusCode.NotFound, "not_team_member");
        var removal = Assert.Single(await app.PublishedAsync<TeamMemberRemoved>(e => e.TeamId == team));
        Assert.Equal((member, leaderId), (removal.VolunteerId, removal.RemovedBy));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Members.AnyAsync(m => m.TeamId == team && m.VolunteerId == member, Ct));
        Assert.Equal("连续三个月未参加活动", (await db.MemberRemovals.SingleAsync(r => r.TeamId == team, Ct)).Reason);
    }

    [Fact]
    public async Task Removal_ByAMember_Returns403_AndChangesNothing_AndADeputyRemovesMembersButNotDeputies()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (member, memberClient) = await app.MemberAsync(team, leader);
        var (other, _) = await app.MemberAsync(team, leader);
        var (deputy, _) = await app.MemberAsync(team, leader);
        var (otherDeputy, _) = await app.MemberAsync(team, leader);
        foreach (var id in new[] { deputy, otherDeputy })
        {
            (await leader.PatchAsJsonAsync($"/teams/{team}/members/{id}", new { role = "deputy" }, Ct)).EnsureSuccessStatusCode();
        }

        var byMember = await memberClient.PostAsJsonAsync($"/teams/{team}/members/{other}/removal", new { reason = "看他不顺眼" }, Ct);
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(5, await db.Members.CountAsync(m => m.TeamId == team, Ct));
            Assert.False(await db.MemberRemovals.AnyAsync(r => r.TeamId == team, Ct));
        }

        var deputyClient = app.Minted(deputy, "volunteer");
        var deputyRemovesDeputy = await deputyClient.PostAsJsonAsync($"/teams/{team}/members/{otherDeputy}/removal", new { reason = "分工调整" }, Ct);
        var deputyRemovesMember = await deputyClient.PostAsJsonAsync($"/teams/{team}/members/{member}/removal", new { reason = "本人要求退出" }, Ct);

        await byMember.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await deputyRemovesDeputy.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(HttpStatusCode.NoContent, deputyRemovesMember.StatusCode);
        await using var after = app.CreateDbContext();
        Assert.Equal(new[] { other, deputy, otherDeputy }.Order(), (await after.Members.Where(m => m.TeamId == team && m.Role != MemberRole.Leader).Select(m => m.VolunteerId).ToListAsync(Ct)).Order());
    }

    [Fact]
    public async Task Removal_OfTheLeader_Returns409_AndWithoutAReason_Returns400()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (deputy, _) = await app.MemberAsync(team, leader);
        (await leader.PatchAsJsonAsync($"/teams/{team}/members/{deputy}", new { role = "deputy" }, Ct)).EnsureSuccessStatusCode();

        var self = await leader.PostAsJsonAsync($"/teams/{team}/members/{leaderId}/removal", new { reason = "我不干了" }, Ct);
        var byDeputy = await app.Minted(deputy, "volunteer").PostAsJsonAsync($"/teams/{team}/members/{leaderId}/removal", new { reason = "改选" }, Ct);
        var noReason = await leader.PostAsJsonAsync($"/teams/{team}/members/{deputy}/removal", new { reason = " " }, Ct);

        await self.AssertProblemAsync(HttpStatusCode.Conflict, "leader_cannot_be_removed");
        await byDeputy.AssertProblemAsync(HttpStatusCode.Conflict, "leader_cannot_be_removed");
        var problem = await noReason.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("reason")[0].GetString());
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Members.CountAsync(m => m.TeamId == team, Ct));
    }

    [Fact]
    public async Task Handover_MakesTheMemberLeader_WhoRunsTheTeamsActivities_AndTheOldLeaderADeputyWhoMayLeave()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (successor, _) = await app.MemberAsync(team, leader);
        var activity = await TeamsApp.ActivityAsync(leader, team);

        var handedOver = await leader.PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = successor }, Ct);

        Assert.Equal(HttpStatusCode.OK, handedOver.StatusCode);
        Assert.Equal(successor, (await handedOver.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("leaderId").GetGuid());
        var handover = Assert.Single(await app.PublishedAsync<TeamLeadershipHandedOver>(e => e.TeamId == team));
        Assert.Equal((leaderId, successor), (handover.PreviousLeaderId, handover.LeaderId));
        var newLeader = app.Minted(successor, "volunteer");
        var members = await newLeader.GetFromJsonAsync<JsonElement>($"/teams/{team}/members", Ct);
        Assert.Equal(
            new[] { (leaderId, "deputy"), (successor, "leader") }.Order(),
            members.GetProperty("items").EnumerateArray().Select(m => (m.GetProperty("volunteerId").GetGuid(), m.GetProperty("role").GetString()!)).Order());
        Assert.Equal(HttpStatusCode.OK, (await newLeader.PatchAsJsonAsync($"/teams/activities/{activity}", new { title = "新队长改的标题" }, Ct)).StatusCode);
        // The old leader, now a deputy, still runs attendance but no longer edits the activity or the team.
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/teams/activities/{activity}/check-in-code", Ct)).StatusCode);
        await (await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { title = "抢回来的标题" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await (await leader.PatchAsJsonAsync($"/teams/{team}", new { name = "抢回来的队名" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/teams/{team}/membership", Ct)).StatusCode);
        await (await leader.GetAsync($"/teams/activities/{activity}/check-in-code", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await (await newLeader.DeleteAsync($"/teams/{team}/membership", Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "leader_cannot_leave");
    }

    [Fact]
    public async Task Handover_ByADeputy_Returns403_AndChangesNothing_ToANonMemberIs404_AndToTheLeaderIs409()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (deputy, _) = await app.MemberAsync(team, leader);
        (await leader.PatchAsJsonAsync($"/teams/{team}/members/{deputy}", new { role = "deputy" }, Ct)).EnsureSuccessStatusCode();
        var (outsider, _) = await app.VerifiedVolunteerAsync();

        var byDeputy = await app.Minted(deputy, "volunteer").PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = deputy }, Ct);
        var toOutsider = await leader.PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = outsider }, Ct);
        var toSelf = await leader.PostAsJsonAsync($"/teams/{team}/handover", new { volunteerId = leaderId }, Ct);
        var toNoOne = await leader.PostAsJsonAsync($"/teams/{team}/handover", new { }, Ct);

        await byDeputy.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await toOutsider.AssertProblemAsync(HttpStatusCode.NotFound, "member_not_found");
        await toSelf.AssertProblemAsync(HttpStatusCode.Conflict, "already_team_leader");
        await toNoOne.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await using var db = app.CreateDbContext();
        Assert.Equal(leaderId, (await db.Teams.AsNoTracking().SingleAsync(t => t.Id == team, Ct)).LeaderId);
        Assert.Equal(
            new[] { (leaderId, MemberRole.Leader), (deputy, MemberRole.Deputy) }.Order(),
            (await db.Members.AsNoTracking().Where(m => m.TeamId == team).Select(m => new { m.VolunteerId, m.Role }).ToListAsync(Ct)).Select(m => (m.VolunteerId, m.Role)).Order());
    }
}
