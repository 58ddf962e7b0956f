using Alliance.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Notices;

/// <summary>
/// The one way a consumer or a reminder makes a notification: it adds the row to the caller's unit of
/// work (saved with the inbox entry, so a redelivered event notifies once), and nothing for a person
/// who erased their data: an event about them that comes late makes no notification.
/// </summary>
internal sealed class Notifier(NotificationsDbContext db, TimeProvider time)
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
        return made;
    }

    public Task<IReadOnlyList<Notification>> NotifyAsync(string kind, NoticeFacts facts, Guid recipient, CancellationToken ct) =>
        NotifyAsync(kind, facts, [recipient], ct);
}
