using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>
/// Issue 20's attacks on certified hours, through Teams' API with real tokens: each is refused with its
/// code and leaves Teams' database, its outbox included, as it was.
/// </summary>
public sealed class HoursIntegrityTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVolunteerAlone_CannotMintHours_NotBackDated_NorInANewTeam_NorForThemselves()
    {
        // The attack of the issue: set up a team (and so lead it), publish an afternoon that "began"
        // three months ago and ended seconds later, sign up, and confirm one's own hours.
        var (leaderId, leader) = await app.SignInAsVolunteerAsync();
        var created = await leader.PostAsJsonAsync("/teams", new { name = $"自己的队{Guid.NewGuid():N}"[..10], communityId = "wanda" }, Ct);
        var team = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var before = await app.FingerprintAsync();

        var backDated = await leader.PostAsJsonAsync($"/teams/{team}/activities", Body(DateTimeOffset.UtcNow.AddMonths(-3), DateTimeOffset.UtcNow.AddSeconds(5)), Ct);

        Assert.Equal("in_past", (await backDated.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("startsAt")[0].GetString());
        Assert.Equal(before, await app.FingerprintAsync());

        // Time passes: an activity published in the future has ended, with the leader signed up for it.
        var activity = await TeamsApp.ActivityAsync(leader, team, streetWide: false);
        (await leader.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, activity);
        before = await app.FingerprintAsync();

        var unapproved = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((leaderId, 2.0m)), Ct);
        (await app.CommunityAdmin().PostAsync($"/teams/{team}/approval", null, Ct)).EnsureSuccessStatusCode();
        var afterApproval = await app.FingerprintAsync();
        var own = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((leaderId, 2.0m)), Ct);

        await unapproved.AssertProblemAsync(HttpStatusCode.Forbidden, "team_not_approved");
        await own.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_confirm_own_hours");
        Assert.Equal(before.Where(t => t.Key != "teams"), afterApproval.Where(t => t.Key != "teams"));
        Assert.Equal(afterApproval, await app.FingerprintAsync());
        await using var db = app.CreateDbContext();
        Assert.False(await db.SignUps.AnyAsync(s => s.ActivityId == activity && s.HoursConfirmedAt != null, Ct));
    }

    [Fact]
    public async Task PublishOrEdit_StartingInThePast_OrLongerThanADay_Returns400_AndChangesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        var before = await app.FingerprintAsync();

        var past = await leader.PostAsJsonAsync($"/teams/{team}/activities", Body(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1)), Ct);
        var tooLong = await leader.PostAsJsonAsync($"/teams/{team}/activities", Body(tomorrow, tomorrow.AddHours(25)), Ct);
        var editedLong = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { endsAt = tomorrow.AddDays(3) }, Ct);
        var editedPast = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { startsAt = DateTimeOffset.UtcNow.AddDays(-30), endsAt = DateTimeOffset.UtcNow.AddDays(-30).AddHours(2) }, Ct);
        var byAdmin = await app.CommunityAdmin().PostAsJsonAsync($"/teams/{team}/activities", Body(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow), Ct);

        Assert.Equal("in_past", (await past.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("startsAt")[0].GetString());
        Assert.Equal("too_long", (await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("endsAt")[0].GetString());
        Assert.Equal("too_long", (await editedLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("endsAt")[0].GetString());
        Assert.Equal("in_past", (await editedPast.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("startsAt")[0].GetString());
        Assert.Equal("in_past", (await byAdmin.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("startsAt")[0].GetString());
        Assert.Equal(before, await app.FingerprintAsync());
        var exactlyADay = await leader.PostAsJsonAsync($"/teams/{team}/activities", Body(tomorrow, tomorrow.AddHours(24)), Ct);
        Assert.Equal(HttpStatusCode.Created, exactlyADay.StatusCode);
    }

    [Fact]
    public async Task Publish_InAnotherCommunity_ForACommunityTeam_Returns400_ButAStreetWideTeamNamesAny()
    {
        var (team, _, leader) = await app.TeamAsync("wanda");
        var (_, streetLeader) = app.MintedVolunteer();
        var created = await streetLeader.PostAsJsonAsync("/teams", new { name = $"绚丽彩{Guid.NewGuid():N}"[..10], streetWide = true }, Ct);
        var streetTeam = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var before = await app.FingerprintAsync();

        var elsewhere = await leader.PostAsJsonAsync($"/teams/{team}/activities", Body(start, start.AddHours(2), "xintang"), Ct);
        var nowhere = await streetLeader.PostAsJsonAsync($"/teams/{streetTeam}/activities", Body(start, start.AddHours(2)), Ct);

        Assert.Equal("not_team_community", (await elsewhere.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("communityId")[0].GetString());
        Assert.Equal("required", (await nowhere.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("communityId")[0].GetString());
        Assert.Equal(before, await app.FingerprintAsync());
        var anywhere = await streetLeader.PostAsJsonAsync($"/teams/{streetTeam}/activities", Body(start, start.AddHours(2), "xintang"), Ct);
        var home = await leader.PostAsJsonAsync($"/teams/{team}/activities", Body(start, start.AddHours(2), "wanda"), Ct);
        Assert.Equal("xintang", (await anywhere.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("communityId").GetString());
        Assert.Equal(HttpStatusCode.Created, home.StatusCode);
    }

    [Fact]
    public async Task ConfirmHours_WithTheCallersOwnLine_Returns422_AndChangesNothing_ButADeputyOrAnAdminConfirmsIt()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (deputyId, deputy) = await app.DeputyAsync(team, leader);
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var (memberId, member) = app.MintedVolunteer();
        foreach (var client in new[] { leader, deputy, member })
        {
            (await client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        }

        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, activity);
        var (adminId, admin, adminsActivity) = await AdminAttendeeAsync(team);
        var before = await app.FingerprintAsync();

        var leaderWithOwn = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((memberId, 2.0m), (leaderId, 2.0m)), Ct);
        var deputyWithOwn = await deputy.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((deputyId, 2.0m)), Ct);
        var adminWithOwn = await admin.PostAsJsonAsync($"/teams/activities/{adminsActivity}/hours", Hours((adminId, 1.0m)), Ct);

        var own = await leaderWithOwn.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_confirm_own_hours");
        Assert.Contains("副队长", own.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await deputyWithOwn.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_confirm_own_hours");
        await adminWithOwn.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_confirm_own_hours");
        Assert.Equal(before, await app.FingerprintAsync());

        var byLeader = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((memberId, 2.0m), (deputyId, 1.5m)), Ct);
        var byDeputy = await deputy.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((leaderId, 2.0m)), Ct);

        Assert.Equal(HttpStatusCode.OK, byLeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byDeputy.StatusCode);
        var events = await app.PublishedAsync<ServiceHoursConfirmed>(e => e.ActivityId == activity);
        Assert.Equal(new[] { (leaderId, 2.0m), (deputyId, 1.5m), (memberId, 2.0m) }.Order(), events.Select(e => (e.VolunteerId, e.Hours)).Order());
    }

    [Fact]
    public async Task ConfirmHours_AfterTheWindow_Returns409_PointingToHonourHours_AndChangesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (late, lateAttendees) = await app.EndedActivityAsync(leader, team, 1, endedAgo: TimeSpan.FromDays(15));
        var (inTime, inTimeAttendees) = await app.EndedActivityAsync(leader, team, 1, endedAgo: TimeSpan.FromDays(13));
        var before = await app.FingerprintAsync();

        var closed = await leader.PostAsJsonAsync($"/teams/activities/{late}/hours", Hours((lateAttendees[0], 1.0m)), Ct);
        var byAdmin = await app.CommunityAdmin().PostAsJsonAsync($"/teams/activities/{late}/hours", Hours((lateAttendees[0], 1.0m)), Ct);

        var problem = await closed.AssertProblemAsync(HttpStatusCode.Conflict, "confirmation_window_closed");
        Assert.Contains("/volunteers/{id}/honour-hours", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await byAdmin.AssertProblemAsync(HttpStatusCode.Conflict, "confirmation_window_closed");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/teams/activities/{inTime}/hours", Hours((inTimeAttendees[0], 1.0m)), Ct)).StatusCode);
    }

    [Fact]
    public async Task ConfirmHours_BeyondTheAttendeesCheckInToCheckOut_Returns422_AndChangesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, length: TimeSpan.FromHours(2));
        var (early, earlyClient) = app.MintedVolunteer();
        var (stayed, stayedClient) = app.MintedVolunteer();
        (await earlyClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await stayedClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var code = (await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/check-in-code", Ct)).GetProperty("code").GetString();
        (await earlyClient.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code }, Ct)).EnsureSuccessStatusCode();
        (await earlyClient.PostAsJsonAsync($"/teams/activities/{activity}/check-out", new { code }, Ct)).EnsureSuccessStatusCode();
        (await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{stayed}/check-in", null, Ct)).EnsureSuccessStatusCode();
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, activity);
        // The early leaver was there for half an hour (check-out moved to 30 minutes after check-in).
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE sign_ups SET checked_out_at = checked_in_at + interval '30 minutes' WHERE activity_id = {activity} AND volunteer_id = {early}", Ct);
        }

        var before = await app.FingerprintAsync();

        var beyondAttendance = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((stayed, 2.0m), (early, 1.0m)), Ct);
        var beyondLength = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((stayed, 2.5m)), Ct);

        Assert.Equal(early.ToString(), (await beyondAttendance.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_activity")).GetProperty("detail").GetString());
        await beyondLength.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_activity");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((stayed, 2.0m), (early, 0.5m)), Ct)).StatusCode);
    }

    [Fact]
    public async Task AnswerDispute_AboutOnesOwnHours_Returns422_AndChangesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (deputyId, deputy) = await app.DeputyAsync(team, leader);
        var activity = await TeamsApp.ActivityAsync(leader, team, length: TimeSpan.FromHours(1));
        (await deputy.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, activity);
        (await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((deputyId, 0.5m)), Ct)).EnsureSuccessStatusCode();
        (await deputy.PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "我在场一个小时" }, Ct)).EnsureSuccessStatusCode();
        var before = await app.FingerprintAsync();

        var own = await deputy.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{deputyId}/answer", new { correctedHours = 1.0m, reason = "我自己核对过" }, Ct);
        var beyond = await leader.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{deputyId}/answer", new { correctedHours = 1.5m, reason = "多算一点" }, Ct);

        await own.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_confirm_own_hours");
        await beyond.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_activity");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{deputyId}/answer", new { correctedHours = 1.0m, reason = "签到记录显示全程" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task ConfirmHours_ForAnUnapprovedTeam_IsForAnAdminWhoMayApproveIt_NotItsLeaderOrDeputies()
    {
        var (team, _, leader) = await app.TeamAsync(approved: false);
        var (_, deputy) = await app.DeputyAsync(team, leader);
        var (activity, attendees) = await app.EndedActivityAsync(leader, team, 3);
        var before = await app.FingerprintAsync();

        var byLeader = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((attendees[0], 1.0m)), Ct);
        var byDeputy = await deputy.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((attendees[0], 1.0m)), Ct);
        var byOtherAdmin = await app.CommunityAdmin("xintang").PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((attendees[0], 1.0m)), Ct);

        var problem = await byLeader.AssertProblemAsync(HttpStatusCode.Forbidden, "team_not_approved");
        Assert.Contains("审批", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await byDeputy.AssertProblemAsync(HttpStatusCode.Forbidden, "team_not_approved");
        await byOtherAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(before, await app.FingerprintAsync());

        var byAdmin = await app.CommunityAdmin("wanda").PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((attendees[0], 1.0m)), Ct);
        var byStreetAdmin = await app.StreetAdmin().PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((attendees[1], 1.0m)), Ct);
        (await app.Minted(attendees[0], "volunteer").PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "少算了" }, Ct)).EnsureSuccessStatusCode();
        var answerByLeader = await leader.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{attendees[0]}/answer", new { correctedHours = 0.5m, reason = "改一下" }, Ct);

        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byStreetAdmin.StatusCode);
        await answerByLeader.AssertProblemAsync(HttpStatusCode.Forbidden, "team_not_approved");
        (await app.CommunityAdmin().PostAsync($"/teams/{team}/approval", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await deputy.PostAsJsonAsync($"/teams/activities/{activity}/hours", Hours((attendees[2], 1.0m)), Ct)).StatusCode);
    }

    /// <summary>An admin of wanda (also a volunteer) who published an activity of the team, signed up for it, and saw it end.</summary>
    private async Task<(Guid Id, HttpClient Client, Guid Activity)> AdminAttendeeAsync(Guid team)
    {
        var adminId = Guid.CreateVersion7();
        var admin = app.WithToken(IdentityApp.MintToken(
            adminId, [ServiceDefaults.Security.Roles.CommunityAdmin, ServiceDefaults.Security.Roles.Volunteer],
            claims: new Dictionary<string, object> { [ServiceDefaults.Security.AllianceClaims.CommunityId] = "wanda" }));
        var activity = await TeamsApp.ActivityAsync(admin, team);
        (await admin.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, activity);
        return (adminId, admin, activity);
    }

    private static object Body(DateTimeOffset startsAt, DateTimeOffset endsAt, string? communityId = null) =>
        new { title = "义诊", kindId = "home_repair", place = "万达社区服务中心", communityId, startsAt, endsAt, capacity = 5 };

    private static object Hours(params (Guid VolunteerId, decimal Hours)[] lines) =>
        new { attendees = lines.Select(l => new { volunteerId = l.VolunteerId, hours = l.Hours }).ToArray() };
}
