using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>The volunteer's notices: each reaches the people the event (or Teams) names, with the facts fetched at send time.</summary>
public sealed class VolunteerNoticesTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HelpersAssigned_ReachesEachHelper_NamingTheNeedAndWhoAssigned_Once_WhenRedelivered()
    {
        var (leader, _) = await app.Identity.SignUpAsync("王队长");
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var need = app.Needs.Add(Guid.CreateVersion7(), "帮忙搬家");
        var assigned = new NeedHelpersAssigned(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, ClaimantKind.Team, Guid.CreateVersion7(), [first, second], leader);

        await app.PublishAsync(assigned);
        await app.PublishAsync(assigned);

        foreach (var helper in new[] { first, second })
        {
            var item = Assert.Single((await NotificationsApp.InboxAsync(app.As(helper))).GetProperty("items").EnumerateArray());
            Assert.Equal("helperAssigned", item.GetProperty("kind").GetString());
            Assert.Equal("王队长安排您参与需求“帮忙搬家”，请按约定前往。", item.GetProperty("body").GetString());
            Assert.Equal(need, item.GetProperty("needId").GetGuid());
        }

        Assert.Equal(0, await NotificationsApp.UnreadAsync(app.As(leader)));
    }

    [Fact]
    public async Task HoursConfirmed_OnANeed_ReachesEachHelper_AndOnAnActivity_TheVolunteer()
    {
        var (helper, attendee) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var need = app.Needs.Add(Guid.CreateVersion7(), "陪老人散步");
        var activity = app.Neighbours.AddActivity(new FakeActivity("社区义诊", DateTimeOffset.UtcNow.AddDays(-1)));
        var now = DateTimeOffset.UtcNow;

        await app.PublishAsync(new NeedConfirmed(
            Guid.CreateVersion7(), now, null, need, Guid.CreateVersion7(), ClaimantKind.Volunteer, helper, null, "c1", "g1", "companionship", "normal",
            now, now, now, now, NeedConfirmer.Resident, null, 5, [new NeedHelper(helper, 1.5m, 0)]));
        await app.PublishAsync(new ServiceHoursConfirmed(Guid.CreateVersion7(), now, null, activity, Guid.CreateVersion7(), "c1", attendee, 3m, DateOnly.FromDateTime(now.UtcDateTime)));

        var toHelper = Assert.Single((await NotificationsApp.InboxAsync(app.As(helper))).GetProperty("items").EnumerateArray());
        Assert.Equal(("hoursConfirmed", "您在“陪老人散步”的服务时长已确认，感谢您的付出。"), (toHelper.GetProperty("kind").GetString(), toHelper.GetProperty("body").GetString()));
        var toAttendee = Assert.Single((await NotificationsApp.InboxAsync(app.As(attendee))).GetProperty("items").EnumerateArray());
        Assert.Equal(("hoursConfirmed", "您在“社区义诊”的服务时长已确认，感谢您的付出。"), (toAttendee.GetProperty("kind").GetString(), toAttendee.GetProperty("body").GetString()));
        Assert.Equal(("activity", activity), (toAttendee.GetProperty("subject").GetProperty("type").GetString(), toAttendee.GetProperty("subject").GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task PointsCredited_TellsTheAmount_AndSetsTheReminderAWeekBeforeTheyExpire()
    {
        var volunteer = Guid.CreateVersion7();
        var expires = DateTimeOffset.UtcNow.AddDays(730);
        var entry = app.Neighbours.AddEarning(new FakeEarning(volunteer, 36, expires, 36));

        await app.PublishAsync(new PointsCredited(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, entry, Guid.CreateVersion7()));

        var item = Assert.Single((await NotificationsApp.InboxAsync(app.As(volunteer))).GetProperty("items").EnumerateArray());
        Assert.Equal(("pointsCredited", "您获得了 36 积分。"), (item.GetProperty("kind").GetString(), item.GetProperty("body").GetString()));
        await using var db = app.CreateDbContext();
        var reminder = await db.Set<DueWorkItem>().SingleAsync(d => d.Kind == PointsExpiryReminders.Kind && d.Key == entry.ToString(), Ct);
        Assert.Equal(expires.AddDays(-7), reminder.DueAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task APromotion_AChange_AndACancellation_ReachThoseSignedUp_WithTheActivitysTitleAndTimeAsTeamsHasThem()
    {
        var (placed, waiting, promoted, stranger) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var startsAt = new DateTimeOffset(2030, 5, 1, 1, 30, 0, TimeSpan.Zero);
        var activity = app.Neighbours.AddActivity(new FakeActivity("河道清洁", startsAt) { SignUps = { [placed] = false, [waiting] = true, [promoted] = false } });
        var team = Guid.CreateVersion7();

        await app.PublishAsync(new ActivitySignUpPromoted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, team, promoted));
        var toPromoted = Assert.Single((await NotificationsApp.InboxAsync(app.As(promoted))).GetProperty("items").EnumerateArray());
        Assert.Equal(("waitlistPromoted", "活动“河道清洁”有了空位，您已从候补转为正式报名，活动时间 2030-05-01 09:30。"),
            (toPromoted.GetProperty("kind").GetString(), toPromoted.GetProperty("body").GetString()));

        // Moved by an hour: the event carries the times, the notice the time Teams answers now.
        var moved = startsAt.AddHours(1);
        app.Neighbours.SetActivity(activity, app.Neighbours.Activity(activity) with { StartsAt = moved });
        await app.PublishAsync(new ActivityChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, team, moved, moved.AddHours(2)), consumers: 2);
        foreach (var person in new[] { placed, waiting, promoted })
        {
            var changed = (await NotificationsApp.InboxAsync(app.As(person))).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "activityChanged");
            Assert.Equal("您报名的活动“河道清洁”有变更，现在的开始时间为 2030-05-01 10:30，请留意详情。", changed.GetProperty("body").GetString());
        }

        // Cancelled: Teams lists no sign-ups any more, the event names those it ended.
        app.Neighbours.SetActivity(activity, app.Neighbours.Activity(activity) with { Cancelled = true });
        await app.PublishAsync(new ActivityCancelled(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, team, [placed, waiting]), consumers: 2);

        await using var db = app.CreateDbContext();
        var cancelled = await db.Notifications.Where(n => n.SubjectId == activity && n.Kind == NoticeKinds.ActivityCancelled).Select(n => n.RecipientId).ToListAsync(Ct);
        Assert.Equal(new[] { placed, waiting }.Order(), cancelled.Order());
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientId == stranger, Ct));
        using var english = app.As(placed);
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var told = (await NotificationsApp.InboxAsync(english)).GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "activityCancelled");
        Assert.Equal("\"河道清洁\" (due at 2030-05-01 10:30) has been cancelled.", told.GetProperty("body").GetString());
    }
}
