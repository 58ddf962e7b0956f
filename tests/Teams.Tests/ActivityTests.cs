using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

public sealed class ActivityTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_ByTheLeaderOrACommunityAdmin_Returns201_ButAnotherVolunteerOrAnotherCommunitysAdminIs403()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (_, stranger) = app.MintedVolunteer();

        var byLeader = await TeamsApp.ActivityAsync(leader, team);
        var byAdmin = await TeamsApp.ActivityAsync(app.CommunityAdmin("wanda"), team);
        var refused = await stranger.PostAsJsonAsync($"/teams/{team}/activities", Body(), Ct);
        var otherAdmin = await app.CommunityAdmin("xintang").PostAsJsonAsync($"/teams/{team}/activities", Body(), Ct);

        var activity = await stranger.GetFromJsonAsync<JsonElement>($"/teams/activities/{byLeader}", Ct);
        Assert.Equal("wanda", activity.GetProperty("communityId").GetString());
        Assert.Equal(10, activity.GetProperty("capacity").GetInt32());
        Assert.NotEqual(byLeader, byAdmin);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await otherAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Activities.CountAsync(a => a.TeamId == team, Ct));
        var list = await stranger.GetFromJsonAsync<JsonElement>($"/teams/{team}/activities", Ct);
        Assert.Equal(2, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Publish_WithBadFields_Returns400WithEachRule()
    {
        var (team, _, leader) = await app.TeamAsync();
        var start = DateTimeOffset.UtcNow.AddDays(1);

        var response = await leader.PostAsJsonAsync($"/teams/{team}/activities", new
        {
            title = "",
            kindId = "juggling",
            place = "万达社区广场",
            startsAt = start,
            endsAt = start.AddHours(-1),
            capacity = 0,
            requiredSkills = new[] { "flying" },
        }, Ct);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal("required", errors.GetProperty("title")[0].GetString());
        Assert.Equal("unknown_kind", errors.GetProperty("kindId")[0].GetString());
        Assert.Equal("not_after_start", errors.GetProperty("endsAt")[0].GetString());
        Assert.Equal("out_of_range", errors.GetProperty("capacity")[0].GetString());
        Assert.Equal("unknown_kind", errors.GetProperty("requiredSkills")[0].GetString());
    }

    [Fact]
    public async Task SignUp_HundredVolunteersForTenPlacesAtOnce_GivesExactlyTenPlacesAndNinetyOnTheWaitlist()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 10);
        // The test's PostgreSQL is shared by every service under test: a bounded pool makes the
        // 100 requests queue for connections, as a real deployment's would, instead of exhausting the server.
        var bounded = new Npgsql.NpgsqlConnectionStringBuilder(app.DatabaseConnectionString) { MaxPoolSize = 20 }.ConnectionString;
        await using var teams = app.Start(bounded);
        var volunteers = Enumerable.Range(0, 100).Select(_ =>
        {
            var client = teams.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", IdentityApp.MintToken(Guid.CreateVersion7(), ["volunteer"]));
            return client;
        }).ToList();
        await teams.CreateClient().WaitUntilReadyAsync();

        var responses = await Task.WhenAll(volunteers.Select(v => v.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var statuses = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString()));
        Assert.Equal(10, statuses.Count(s => s == "confirmed"));
        Assert.Equal(90, statuses.Count(s => s == "waitlisted"));
        await using var db = app.CreateDbContext();
        Assert.Equal(10, await db.SignUps.CountAsync(s => s.ActivityId == activity && s.Status == Activities.SignUpStatus.Confirmed, Ct));
        Assert.Equal(100, (await db.SignUps.Where(s => s.ActivityId == activity).Select(s => s.Position).ToListAsync(Ct)).Distinct().Count());
    }

    [Fact]
    public async Task Cancel_OfAPlace_GivesItToTheFirstOnTheWaitlist_WithAnEvent()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 1);
        var (_, first) = app.MintedVolunteer();
        var (second, secondClient) = app.MintedVolunteer();
        var (_, third) = app.MintedVolunteer();
        foreach (var client in new[] { first, secondClient, third })
        {
            (await client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        }

        var cancelled = await first.DeleteAsync($"/teams/activities/{activity}/sign-up", Ct);
        var again = await first.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);
        var twice = await secondClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal(second, Assert.Single(await app.PublishedAsync<ActivitySignUpPromoted>(e => e.ActivityId == activity)).VolunteerId);
        Assert.Equal("waitlisted", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "already_signed_up");
        var signUps = await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/sign-ups", Ct);
        Assert.Equal(second, signUps.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("status").GetString() == "confirmed").GetProperty("volunteerId").GetGuid());
    }

    [Fact]
    public async Task SignUp_ForAMembersOnlyActivity_ByANonMember_Returns422_AndCreatesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, streetWide: false);
        var (outsider, client) = app.MintedVolunteer();

        var response = await client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);
        var leaderSignsUp = await leader.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "team_members_only");
        Assert.Equal(HttpStatusCode.Created, leaderSignsUp.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.SignUps.AnyAsync(s => s.VolunteerId == outsider, Ct));
    }

    [Fact]
    public async Task CheckIn_WithTheActivitysCode_OrByTheLeader_ButAWrongCodeIs422()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var (_, volunteer) = app.MintedVolunteer();
        var (other, otherClient) = app.MintedVolunteer();
        (await volunteer.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await otherClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var code = (await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/check-in-code", Ct)).GetProperty("code").GetString()!;
        var wrong = code == "000000" ? "000001" : "000000";

        var refused = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code = wrong }, Ct);
        var checkedIn = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code }, Ct);
        var checkedOut = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-out", new { code }, Ct);
        var codeForStranger = await otherClient.GetAsync($"/teams/activities/{activity}/check-in-code", Ct);
        var byLeader = await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{other}/check-in", null, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "wrong_check_in_code");
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await checkedOut.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checkedOutAt").ValueKind);
        await codeForStranger.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.NotEqual(JsonValueKind.Null, (await byLeader.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checkedInAt").ValueKind);
    }

    [Fact]
    public async Task ConfirmHours_InOneBulkAction_PublishesServiceHoursConfirmedOncePerAttendee_AndNoneForANoShow()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (activity, attendees) = await app.EndedActivityAsync(leader, team, 3);

        var confirmed = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new
        {
            attendees = new object[]
            {
                new { volunteerId = attendees[0], hours = 1.0m },
                new { volunteerId = attendees[1], hours = 0.5m },
                new { volunteerId = attendees[2], noShow = true },
            },
        }, Ct);
        var again = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = attendees[0], hours = 1.0m } } }, Ct);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "hours_already_confirmed");
        var events = await app.PublishedAsync<ServiceHoursConfirmed>(e => e.ActivityId == activity);
        Assert.Equal(2, events.Count);
        Assert.Equal(1.0m, events.Single(e => e.VolunteerId == attendees[0]).Hours);
        Assert.Equal(0.5m, events.Single(e => e.VolunteerId == attendees[1]).Hours);
        Assert.All(events, e => Assert.Equal((team, "wanda"), (e.TeamId, e.CommunityId)));
        await using var db = app.CreateDbContext();
        var startsAt = (await db.Activities.AsNoTracking().SingleAsync(a => a.Id == activity, Ct)).StartsAt;
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(startsAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime), events[0].ActivityDate);
        var figures = (await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}", Ct)).GetProperty("figures");
        Assert.Equal(1.5m, figures.GetProperty("hoursConfirmed").GetDecimal());
        Assert.Equal(1, figures.GetProperty("activities").GetInt32());
    }

    [Fact]
    public async Task ConfirmHours_BeyondTheActivity_OrForSomeoneNotSignedUp_Returns422_AndConfirmsNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (activity, attendees) = await app.EndedActivityAsync(leader, team, 1);
        var (_, stranger) = app.MintedVolunteer();

        var beyond = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = attendees[0], hours = 1.5m } } }, Ct);
        var notSignedUp = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new
        {
            attendees = new[] { new { volunteerId = attendees[0], hours = 1.0m }, new { volunteerId = Guid.CreateVersion7(), hours = 1.0m } },
        }, Ct);
        var byStranger = await stranger.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = attendees[0], hours = 1.0m } } }, Ct);

        await beyond.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_activity");
        await notSignedUp.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not_signed_up");
        await byStranger.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await using var db = app.CreateDbContext();
        Assert.False(await db.SignUps.AnyAsync(s => s.ActivityId == activity && s.HoursConfirmedAt != null, Ct));
    }

    [Fact]
    public async Task ConfirmHours_BeforeTheActivityHasEnded_Returns409()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var (volunteer, client) = app.MintedVolunteer();
        (await client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();

        var response = await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = volunteer, hours = 1.0m } } }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "activity_not_ended");
    }

    [Fact]
    public async Task Dispute_AnsweredWithOtherHours_PublishesServiceHoursAdjustedWithTheDifference()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (activity, attendees) = await app.EndedActivityAsync(leader, team, 1);
        var volunteer = app.Minted(attendees[0], "volunteer");
        (await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = attendees[0], hours = 0.5m } } }, Ct)).EnsureSuccessStatusCode();

        var beforeDispute = await leader.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{attendees[0]}/answer", new { correctedHours = 1.0m, reason = "签到记录显示全程参加" }, Ct);
        var disputed = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "我全程参加了一个小时" }, Ct);
        var twice = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "再次申诉" }, Ct);
        var answered = await leader.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{attendees[0]}/answer", new { correctedHours = 1.0m, reason = "签到记录显示全程参加" }, Ct);

        await beforeDispute.AssertProblemAsync(HttpStatusCode.NotFound, "no_open_dispute");
        Assert.Equal(HttpStatusCode.OK, disputed.StatusCode);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "hours_already_disputed");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var adjusted = Assert.Single(await app.PublishedAsync<ServiceHoursAdjusted>(e => e.SourceId == activity));
        Assert.Equal((attendees[0], 0.5m), (adjusted.VolunteerId, adjusted.HoursDelta));
        Assert.NotEqual(adjusted.EventId, adjusted.AdjustmentId);
    }

    [Fact]
    public async Task Dispute_AfterTheWindow_Returns409_AndAnAnswerThatKeepsTheHoursPublishesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (activity, attendees) = await app.EndedActivityAsync(leader, team, 2);
        (await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new
        {
            attendees = new[] { new { volunteerId = attendees[0], hours = 1.0m }, new { volunteerId = attendees[1], hours = 1.0m } },
        }, Ct)).EnsureSuccessStatusCode();
        await using var noWindow = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?> { ["Teams:Activities:DisputeWindowDays"] = "0" });
        using var late = noWindow.CreateClient();
        late.DefaultRequestHeaders.Authorization = new("Bearer", IdentityApp.MintToken(attendees[0], ["volunteer"]));
        await late.WaitUntilReadyAsync();

        var closed = await late.PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "少算了" }, Ct);
        (await app.Minted(attendees[1], "volunteer").PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "少算了" }, Ct)).EnsureSuccessStatusCode();
        var kept = await leader.PostAsJsonAsync($"/teams/activities/{activity}/disputes/{attendees[1]}/answer", new { correctedHours = 1.0m, reason = "核对无误" }, Ct);

        await closed.AssertProblemAsync(HttpStatusCode.Conflict, "dispute_window_closed");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        // Both hosts write to this database's outbox, in the request's own transaction: final once they answered.
        Assert.Empty(await app.PublishedAsync<ServiceHoursAdjusted>(e => e.SourceId == activity));
        await using var db = app.CreateDbContext();
        Assert.Null((await db.SignUps.AsNoTracking().SingleAsync(s => s.ActivityId == activity && s.VolunteerId == attendees[0], Ct)).DisputedAt);
    }

    private static object Body()
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        return new { title = "义诊", kindId = "home_repair", place = "万达社区服务中心", startsAt = start, endsAt = start.AddHours(2), capacity = 5 };
    }
}
