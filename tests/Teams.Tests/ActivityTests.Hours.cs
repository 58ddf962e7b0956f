using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>Confirming an ended activity's hours, and disputes about them: what Teams publishes is read from its outbox.</summary>
public sealed partial class ActivityTests
{
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
        Assert.Equal((attendees[0], 0.5m, 0.5m), (adjusted.VolunteerId, adjusted.HoursDelta, adjusted.HoursBefore));
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
}
