using Alliance.Messaging.DueWork;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Reminders;

/// <summary>
/// The two reminders of an activity a volunteer signed up for, a day and two hours before it starts: due
/// work keyed by (activity, volunteer), so a withdrawal cancels that volunteer's and a change of time
/// moves everyone's. A reminder whose time has already passed when it is set (a sign-up an hour before)
/// is not set: it would only come late.
/// </summary>
internal static class ActivityReminders
{
    public const string DayBefore = "activity-reminder-day";
    public const string HoursBefore = "activity-reminder-hours";

    public static readonly IReadOnlyDictionary<string, TimeSpan> Leads = new Dictionary<string, TimeSpan>
    {
        [DayBefore] = TimeSpan.FromHours(24),
        [HoursBefore] = TimeSpan.FromHours(2),
    };

    public static string Key(Guid activityId, Guid volunteerId) => $"{activityId}:{volunteerId}";

    public static (Guid ActivityId, Guid VolunteerId) Parse(string key) =>
        key.Split(':') is [var activity, var volunteer] ? (Guid.Parse(activity), Guid.Parse(volunteer)) : throw new FormatException($"Not an activity reminder's key: {key}.");

    /// <summary>Sets (or moves) the volunteer's reminders for an activity that starts at <paramref name="startsAt"/>.</summary>
    public static async Task SetAsync(NotificationsDbContext db, Guid activityId, Guid volunteerId, DateTimeOffset startsAt, DateTimeOffset now, CancellationToken ct)
    {
        var key = Key(activityId, volunteerId);
        foreach (var (kind, lead) in Leads)
        {
            if (startsAt - lead > now)
            {
                await db.RescheduleDueWorkAsync(kind, key, startsAt - lead, ct);
            }
            else
            {
                await db.CancelDueWorkAsync(kind, key, ct);
            }
        }
    }

    public static async Task CancelAsync(NotificationsDbContext db, Guid activityId, Guid volunteerId, CancellationToken ct)
    {
        foreach (var kind in Leads.Keys)
        {
            await db.CancelDueWorkAsync(kind, Key(activityId, volunteerId), ct);
        }
    }

    /// <summary>Every volunteer's reminders for the activity.</summary>
    public static IQueryable<DueWorkItem> Of(NotificationsDbContext db, Guid activityId)
    {
        var prefix = $"{activityId}:";
        return db.Set<DueWorkItem>().Where(d => (d.Kind == DayBefore || d.Kind == HoursBefore) && d.Key.StartsWith(prefix));
    }

    /// <summary>Moves every volunteer's reminders to the activity's new start; one whose time has passed goes.</summary>
    public static async Task MoveAllAsync(NotificationsDbContext db, Guid activityId, DateTimeOffset startsAt, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var item in await Of(db, activityId).ToListAsync(ct))
        {
            var due = startsAt - Leads[item.Kind];
            if (due > now)
            {
                item.DueAt = due;
                item.Attempts = 0;
                item.LastError = null;
                item.ParkedAt = null;
            }
            else
            {
                db.Remove(item);
            }
        }
    }
}

/// <summary>
/// Sends an activity reminder when it comes due, if it still holds: Teams is asked afresh whether the
/// activity is still on and the volunteer still holds a place (a waitlist place is not reminded of), and
/// when it starts now. A reminder that comes early for the activity's present time (a change seen out of
/// order) waits for that time instead.
/// </summary>
internal sealed class ActivityReminderHandler(string kind, ActivityFacts activities, Notifier notifier, NotificationsDbContext db, TimeProvider time) : IDueWorkHandler
{
    /// <summary>Slack for a sweep that runs a little before the minute it was set for.</summary>
    private static readonly TimeSpan Early = TimeSpan.FromMinutes(1);

    public string Kind => kind;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var (activityId, volunteerId) = ActivityReminders.Parse(item.Key);
        var activity = await activities.OfAsync(activityId, ct, fresh: true);
        var now = time.GetUtcNow();
        if (activity.Cancelled || !activity.HasPlace(volunteerId) || now >= activity.StartsAt)
        {
            return;
        }

        var due = activity.StartsAt - ActivityReminders.Leads[kind];
        if (due > now + Early)
        {
            db.ScheduleDueWork(kind, item.Key, due);
            return;
        }

        var facts = new NoticeFacts(SubjectTypes.Activity, activityId) { Title = activity.Title, At = activity.StartsAt };
        await notifier.NotifyAsync(NoticeKinds.ActivityReminder, facts, volunteerId, ct);
    }
}
