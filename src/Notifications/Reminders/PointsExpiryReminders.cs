using Alliance.Messaging.DueWork;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;

namespace Alliance.Notifications.Reminders;

/// <summary>
/// A week before what is left of an earning expires, the volunteer hears how much and when: due work
/// keyed by the ledger entry, set when the credit comes (<c>PointsCredited</c>) from the expiry Points
/// answers for it (<c>GetEarning</c>), and checked again with Points when it runs, since what is left by
/// then is what was not spent.
/// </summary>
internal static class PointsExpiryReminders
{
    public const string Kind = "points-expiry-reminder";
    public static readonly TimeSpan Lead = TimeSpan.FromDays(7);

    public static void Set(NotificationsDbContext db, EarningFact earning, DateTimeOffset now)
    {
        if (earning.ExpiresAt is { } expires && expires - Lead > now)
        {
            db.ScheduleDueWork(Kind, earning.EntryId.ToString(), expires - Lead);
        }
    }
}

internal sealed class PointsExpiryReminderHandler(EarningFacts earnings, Notifier notifier, NotificationsDbContext db, TimeProvider time) : IDueWorkHandler
{
    private static readonly TimeSpan Early = TimeSpan.FromMinutes(1);

    public string Kind => PointsExpiryReminders.Kind;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var earning = await earnings.OfAsync(Guid.Parse(item.Key), ct);
        if (earning.ExpiresAt is not { } expires || earning.Left <= 0)
        {
            return;
        }

        var due = expires - PointsExpiryReminders.Lead;
        if (due > time.GetUtcNow() + Early)
        {
            db.ScheduleDueWork(Kind, item.Key, due);
            return;
        }

        var facts = new NoticeFacts(SubjectTypes.Points, earning.EntryId) { Amount = NoticeAmounts.Of(earning.Left), At = expires };
        await notifier.NotifyAsync(NoticeKinds.PointsExpiring, facts, earning.VolunteerId, ct);
    }
}
