using System.Globalization;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Channels;
using Alliance.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Notices;

/// <summary>
/// The one way a consumer or a reminder makes a notification: it adds the row to the caller's unit of
/// work (saved with the inbox entry, so a redelivered event notifies once), and nothing for a person
/// who erased their data: an event about them that comes late makes no notification. Where outside
/// channels are configured it also schedules each one's delivery (<see cref="ChannelDelivery"/>) in
/// the same unit of work: at once, or at 07:00 when made in quiet hours and not urgent, unless the
/// person turned quiet hours off. The in-app row is there at once either way.
/// </summary>
internal sealed class Notifier(NotificationsDbContext db, TimeProvider time, IEnumerable<INotificationChannel> channels)
{
    /// <summary>Notifies each recipient once (a person named twice hears once); an empty id is no one.</summary>
    public async Task<IReadOnlyList<Notification>> NotifyAsync(string kind, NoticeFacts facts, IEnumerable<Guid> recipients, CancellationToken ct)
    {
        var people = recipients.Where(r => r != Guid.Empty).Distinct().ToList();
        if (people.Count == 0)
        {
            return [];
        }

        var erased = await db.ErasedPeople.Where(e => people.Contains(e.PersonId)).Select(e => e.PersonId).ToListAsync(ct);
        var now = time.GetUtcNow();
        var made = people.Except(erased).Select(person => Notification.Create(person, kind, facts, now)).ToList();
        db.Notifications.AddRange(made);
        if (made.Count > 0 && channels.Any())
        {
            await ScheduleDeliveriesAsync(made, now, ct);
        }

        return made;
    }

    public Task<IReadOnlyList<Notification>> NotifyAsync(string kind, NoticeFacts facts, Guid recipient, CancellationToken ct) =>
        NotifyAsync(kind, facts, [recipient], ct);

    private async Task ScheduleDeliveriesAsync(List<Notification> made, DateTimeOffset now, CancellationToken ct)
    {
        var sendable = QuietHours.NextSendable(now);
        var people = made.Select(n => n.RecipientId).ToList();
        var awake = sendable == now ? [] : await db.Preferences.Where(p => people.Contains(p.PersonId) && !p.QuietHours)
            .Select(p => p.PersonId).ToListAsync(ct);
        foreach (var notification in made)
        {
            var at = notification.Urgent || awake.Contains(notification.RecipientId) ? now : sendable;
            db.ScheduleDueWork(ChannelDelivery.DueKind, notification.Id.ToString("D", CultureInfo.InvariantCulture), at);
        }
    }
}
