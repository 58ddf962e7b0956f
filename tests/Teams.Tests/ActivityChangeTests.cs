using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Teams.Activities;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>Editing and cancelling an activity before it starts.</summary>
public sealed class ActivityChangeTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Edit_BeforeItStarts_ByTheLeaderOrACommunityAdmin_ChangesWhatIsGiven_ButAnotherVolunteerIs403()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var (_, stranger) = app.MintedVolunteer();
        var start = DateTimeOffset.UtcNow.AddDays(3);

        var refused = await stranger.PatchAsJsonAsync($"/teams/activities/{activity}", new { title = "被改掉的标题" }, Ct);
        var byLeader = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { title = "重阳节敬老义诊", place = "万达社区卫生服务站", startsAt = start, endsAt = start.AddHours(3) }, Ct);
        var byAdmin = await app.CommunityAdmin("wanda").PatchAsJsonAsync($"/teams/activities/{activity}", new { requiredSkills = new[] { "home_repair" } }, Ct);
        var badTimes = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { endsAt = start.AddHours(-1) }, Ct);
        var inThePast = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { startsAt = DateTimeOffset.UtcNow.AddHours(-1) }, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(HttpStatusCode.OK, byLeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("not_after_start", (await badTimes.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("endsAt")[0].GetString());
        Assert.Equal("in_past", (await inThePast.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("startsAt")[0].GetString());
        var read = await stranger.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}", Ct);
        Assert.Equal("重阳节敬老义诊", read.GetProperty("title").GetString());
        Assert.Equal("万达社区卫生服务站", read.GetProperty("place").GetString());
        Assert.Equal(start.ToUnixTimeSeconds(), read.GetProperty("startsAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(3m * 60, (decimal)(read.GetProperty("endsAt").GetDateTimeOffset() - read.GetProperty("startsAt").GetDateTimeOffset()).TotalMinutes);
        Assert.Equal(["home_repair"], read.GetProperty("requiredSkills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(10, read.GetProperty("capacity").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("editedAt").ValueKind);
    }

    [Fact]
    public async Task Edit_RaisingTheCapacity_PromotesExactlyTheFirstWaiting_InOrder_WithAnEventEach()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 1);
        var volunteers = new List<(Guid Id, HttpClient Client)>();
        for (var i = 0; i < 5; i++)
        {
            var volunteer = app.MintedVolunteer();
            (await volunteer.Client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
            volunteers.Add(volunteer);
        }

        // The third in line gives up their waitlist place: the two places go to the second and the fourth.
        (await volunteers[2].Client.DeleteAsync($"/teams/activities/{activity}/sign-up", Ct)).EnsureSuccessStatusCode();

        var raised = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { capacity = 3 }, Ct);

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal(3, (await raised.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("confirmedCount").GetInt32());
        // Every promotion of the activity (a waiting place given up promotes no one): one each, from the raise.
        var promoted = await app.PublishedAsync<ActivitySignUpPromoted>(e => e.ActivityId == activity);
        Assert.Equal(new[] { volunteers[1].Id, volunteers[3].Id }.Order(), promoted.Select(e => e.VolunteerId).Order());
        await using var db = app.CreateDbContext();
        var statuses = await db.SignUps.AsNoTracking().Where(s => s.ActivityId == activity).ToDictionaryAsync(s => s.VolunteerId, s => s.Status, Ct);
        Assert.Equal(
            [SignUpStatus.Confirmed, SignUpStatus.Confirmed, SignUpStatus.Cancelled, SignUpStatus.Confirmed, SignUpStatus.Waitlisted],
            volunteers.Select(v => statuses[v.Id]));
    }

    [Fact]
    public async Task Edit_LoweringTheCapacityBelowThePlacesTaken_Returns409_AndChangesNothing_ButDownToThemIsAllowed()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 5);
        for (var i = 0; i < 3; i++)
        {
            (await app.MintedVolunteer().Client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        }

        var below = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { capacity = 2, title = "改了标题" }, Ct);
        var down = await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { capacity = 3 }, Ct);

        await below.AssertProblemAsync(HttpStatusCode.Conflict, "capacity_below_confirmed");
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        await using var db = app.CreateDbContext();
        var stored = await db.Activities.AsNoTracking().SingleAsync(a => a.Id == activity, Ct);
        Assert.Equal((3, 3, "社区环境清洁日"), (stored.Capacity, stored.ConfirmedCount, stored.Title));
    }

    [Fact]
    public async Task EditOrCancel_OfAStartedOrCancelledActivity_Returns409()
    {
        var (team, _, leader) = await app.TeamAsync();
        // Published to start in an hour, then moved so that it began ten minutes ago.
        var started = await TeamsApp.ActivityAsync(leader, team);
        await StoredTimes.MoveBackAsync(app.DatabaseConnectionString, "activities", started, TimeSpan.FromMinutes(70));
        var cancelled = await TeamsApp.ActivityAsync(leader, team);
        (await leader.PostAsJsonAsync($"/teams/activities/{cancelled}/cancellation", new { reason = "天气预报有暴雨" }, Ct)).EnsureSuccessStatusCode();

        var editStarted = await leader.PatchAsJsonAsync($"/teams/activities/{started}", new { title = "晚了" }, Ct);
        var rescheduleStarted = await leader.PatchAsJsonAsync($"/teams/activities/{started}", new { startsAt = DateTimeOffset.UtcNow.AddDays(-1) }, Ct);
        var cancelStarted = await leader.PostAsJsonAsync($"/teams/activities/{started}/cancellation", new { reason = "人太少" }, Ct);
        var editCancelled = await leader.PatchAsJsonAsync($"/teams/activities/{cancelled}", new { title = "复活" }, Ct);
        var cancelTwice = await leader.PostAsJsonAsync($"/teams/activities/{cancelled}/cancellation", new { reason = "再取消一次" }, Ct);

        await editStarted.AssertProblemAsync(HttpStatusCode.Conflict, "activity_started");
        await rescheduleStarted.AssertProblemAsync(HttpStatusCode.Conflict, "activity_started");
        await cancelStarted.AssertProblemAsync(HttpStatusCode.Conflict, "activity_started");
        await editCancelled.AssertProblemAsync(HttpStatusCode.Conflict, "activity_cancelled");
        await cancelTwice.AssertProblemAsync(HttpStatusCode.Conflict, "activity_cancelled");
        await using var db = app.CreateDbContext();
        Assert.Equal("天气预报有暴雨", (await db.Activities.AsNoTracking().SingleAsync(a => a.Id == cancelled, Ct)).CancellationReason);
        Assert.Null((await db.Activities.AsNoTracking().SingleAsync(a => a.Id == started, Ct)).CancelledAt);
    }

    [Fact]
    public async Task Cancel_EndsEverySignUp_PublishesActivityCancelled_AndAfterwardsNoSignUpOrHours()
    {
        var (team, _, leader) = await app.TeamAsync();
        // Cancelled before it starts, then moved into the past to be asked for hours once it has ended.
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 1);
        var (placed, placedClient) = app.MintedVolunteer();
        var (waiting, waitingClient) = app.MintedVolunteer();
        (await placedClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await waitingClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var (_, stranger) = app.MintedVolunteer();

        var refused = await stranger.PostAsJsonAsync($"/teams/activities/{activity}/cancellation", new { reason = "我说取消" }, Ct);
        var noReason = await leader.PostAsJsonAsync($"/teams/activities/{activity}/cancellation", new { reason = "" }, Ct);
        var cancelled = await leader.PostAsJsonAsync($"/teams/activities/{activity}/cancellation", new { reason = "场地临时被征用" }, Ct);
        var signUp = await app.MintedVolunteer().Client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);
        var checkIn = await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{placed}/check-in", null, Ct);
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, activity);
        var hours = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = placed, hours = 0.0m } } }, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await noReason.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("cancelledAt").ValueKind);
        Assert.Equal("场地临时被征用", body.GetProperty("cancellationReason").GetString());
        await signUp.AssertProblemAsync(HttpStatusCode.Conflict, "activity_cancelled");
        await checkIn.AssertProblemAsync(HttpStatusCode.Conflict, "activity_cancelled");
        await hours.AssertProblemAsync(HttpStatusCode.Conflict, "activity_cancelled");
        var published = Assert.Single(await app.PublishedAsync<ActivityCancelled>(e => e.ActivityId == activity));
        Assert.Equal(team, published.TeamId);
        Assert.Equal(new[] { placed, waiting }.Order(), published.VolunteerIds.Order());
        await using var db = app.CreateDbContext();
        Assert.All(await db.SignUps.AsNoTracking().Where(s => s.ActivityId == activity).ToListAsync(Ct), s => Assert.Equal(SignUpStatus.Cancelled, s.Status));
        Assert.Equal(0, (await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}", Ct)).GetProperty("figures").GetProperty("activities").GetInt32());
    }
}
