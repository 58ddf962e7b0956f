using Alliance.Contracts.Teams;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Reminders;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Reminders as due work: a day and two hours before an activity, a week before points expire. They fire on
/// the real clock: the tests make up activities (and expiries) that reach a reminder's time a few seconds on.
/// </summary>
public sealed class RemindersTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Now to the microsecond, as PostgreSQL keeps times, so times read back compare equal.</summary>
    private DateTimeOffset Now => new(app.Clock.GetUtcNow().Ticks / 10 * 10, TimeSpan.Zero);

    [Fact]
    public async Task ASignUp_SetsTheReminders_AChangeOfTimeMovesThem_AndAWithdrawalTakesThemAway()
    {
        var volunteer = Guid.CreateVersion7();
        var startsAt = Now.AddDays(3);
        var activity = app.Neighbours.AddActivity(new FakeActivity("旧物回收", startsAt) { SignUps = { [volunteer] = false } });

        await app.PublishAsync(SignedUp(activity, volunteer));
        Assert.Equal([startsAt.AddHours(-24), startsAt.AddHours(-2)], await DueTimesAsync(activity));

        var moved = startsAt.AddHours(5);
        app.Neighbours.SetActivity(activity, app.Neighbours.Activity(activity) with { StartsAt = moved });
        await app.PublishAsync(new ActivityChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, Guid.Empty, moved, moved.AddHours(2)), consumers: 2);
        Assert.Equal([moved.AddHours(-24), moved.AddHours(-2)], await DueTimesAsync(activity));

        app.Neighbours.SetActivity(activity, app.Neighbours.Activity(activity) with { SignUps = [] });
        await app.PublishAsync(new ActivitySignUpWithdrawn(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, Guid.Empty, volunteer));
        Assert.Empty(await DueTimesAsync(activity));
    }

    [Fact]
    public async Task TheDayBeforeReminder_FiresWhenTheClockReachesIt_NamingTheActivityAndItsTime_AndTheTwoHourOneWaits()
    {
        var volunteer = Guid.CreateVersion7();
        var startsAt = Now.AddHours(24) + Soon;
        var activity = app.Neighbours.AddActivity(new FakeActivity("长者生日会", startsAt) { SignUps = { [volunteer] = false } });

        await app.PublishAsync(SignedUp(activity, volunteer));

        var reminder = await ReminderAsync(volunteer, NoticeKinds.ActivityReminder);
        Assert.Equal((activity, "长者生日会", startsAt), (reminder.SubjectId, reminder.Title, reminder.At!.Value));
        Assert.Equal([startsAt.AddHours(-2)], await DueTimesAsync(activity));
    }

    [Fact]
    public async Task TheTwoHourReminder_FiresWhenTheClockReachesIt_AndASignUpAfterTheDayBeforeGetsOnlyIt()
    {
        var volunteer = Guid.CreateVersion7();
        var startsAt = Now.AddHours(2) + Soon;
        var activity = app.Neighbours.AddActivity(new FakeActivity("防诈骗讲座", startsAt) { SignUps = { [volunteer] = false } });

        await app.PublishAsync(SignedUp(activity, volunteer));
        Assert.Equal([startsAt.AddHours(-2)], await DueTimesAsync(activity));

        var reminder = await ReminderAsync(volunteer, NoticeKinds.ActivityReminder);
        Assert.Equal((activity, startsAt), (reminder.SubjectId, reminder.At!.Value));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientId == volunteer, Ct));
    }

    [Fact]
    public async Task AReminderThatComesDue_ForAVolunteerNoLongerSignedUp_OrOnlyWaitlisted_NotifiesNoOne()
    {
        var (withdrawn, waitlisted, placed) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var startsAt = Now.AddHours(2) + Soon;
        var activity = app.Neighbours.AddActivity(new FakeActivity("植树", startsAt) { SignUps = { [withdrawn] = false, [waitlisted] = true, [placed] = false } });
        foreach (var person in new[] { withdrawn, waitlisted, placed })
        {
            await app.PublishAsync(SignedUp(activity, person));
        }

        // The withdrawal's event has not come yet (or was lost): the reminder asks Teams when it runs.
        app.Neighbours.SetActivity(activity, app.Neighbours.Activity(activity) with { SignUps = new() { [waitlisted] = true, [placed] = false } });
        await ReminderAsync(placed, NoticeKinds.ActivityReminder);
        await Eventually.TrueAsync(async () => (await DueTimesAsync(activity)).Count == 0, "every reminder of the activity run");

        await using var db = app.CreateDbContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientId == withdrawn || n.RecipientId == waitlisted, Ct));
    }

    [Fact]
    public async Task ACancellation_TakesEveryonesRemindersAway()
    {
        var volunteer = Guid.CreateVersion7();
        var activity = app.Neighbours.AddActivity(new FakeActivity("书法课", Now.AddDays(2)) { SignUps = { [volunteer] = false } });
        await app.PublishAsync(SignedUp(activity, volunteer));
        Assert.Equal(2, (await DueTimesAsync(activity)).Count);

        app.Neighbours.SetActivity(activity, app.Neighbours.Activity(activity) with { Cancelled = true });
        await app.PublishAsync(new ActivityCancelled(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, Guid.Empty, [volunteer]), consumers: 2);

        Assert.Empty(await DueTimesAsync(activity));
    }

    [Fact]
    public async Task APointsExpiryReminder_FiresAWeekBefore_NamingWhatIsLeftOfTheEarningAndWhen()
    {
        var volunteer = Guid.CreateVersion7();
        var expires = Now.AddDays(7) + Soon;
        // 50 earned, 38 of them spent since: the 12 left are what expires.
        var entry = app.Neighbours.AddEarning(new FakeEarning(volunteer, 50, expires, 12));

        await app.PublishAsync(new Contracts.Points.PointsCredited(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, entry, Guid.CreateVersion7()));

        var reminder = await ReminderAsync(volunteer, NoticeKinds.PointsExpiring);
        Assert.Equal((SubjectTypes.Points, entry, 12, expires), (reminder.SubjectType, reminder.SubjectId, reminder.Amount, reminder.At!.Value));
        var item = (await NotificationsApp.InboxAsync(app.As(volunteer))).GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "pointsExpiring");
        var day = TimeZoneInfo.ConvertTime(expires, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"您有 12 积分将于 {day} 过期，请及时使用。", item.GetProperty("body").GetString());
    }

    private static ActivitySignedUp SignedUp(Guid activity, Guid volunteer) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, Guid.Empty, volunteer, false);

    /// <summary>The pending reminders of the activity, earliest first.</summary>
    private async Task<List<DateTimeOffset>> DueTimesAsync(Guid activity)
    {
        await using var db = app.CreateDbContext();
        return await ActivityReminders.Of(db, activity).OrderBy(d => d.DueAt).Select(d => d.DueAt).ToListAsync(Ct);
    }

    private async Task<Notification> ReminderAsync(Guid volunteer, string kind) =>
        await Eventually.FoundAsync(async () =>
        {
            await using NotificationsDbContext db = app.CreateDbContext();
            return await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.RecipientId == volunteer && n.Kind == kind, Ct);
        }, $"the {kind} reminder");
}
