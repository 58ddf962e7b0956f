using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Notices;

/// <summary>A person erased: a tombstone (their id and when), so an event about them that comes later notifies no one.</summary>
internal sealed class ErasedPerson
{
    public Guid PersonId { get; init; }

    public DateTimeOffset ErasedAt { get; init; }
}

/// <summary>
/// A person who erased their data keeps no inbox, preferences or development-channel copies here, and gets no notification after. Notifications
/// to others that are about them stay: they hold only the id, and are rendered with "已注销" through
/// Identity's names.
/// </summary>
internal sealed class VolunteerErasedConsumer(NotificationsDbContext db, Inbox<NotificationsDbContext> inbox, TimeProvider time) : IConsumer<VolunteerErased>
{
    public Task Consume(ConsumeContext<VolunteerErased> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerErasedConsumer), async ct =>
        {
            var id = context.Message.VolunteerId;
            // Their deliveries go with the notifications (cascade); what a development channel kept for them too.
            await db.Notifications.Where(n => n.RecipientId == id).ExecuteDeleteAsync(ct);
            await db.Preferences.Where(p => p.PersonId == id).ExecuteDeleteAsync(ct);
            await db.DevSent.Where(s => s.RecipientId == id).ExecuteDeleteAsync(ct);
            if (!await db.ErasedPeople.AnyAsync(e => e.PersonId == id, ct))
            {
                db.ErasedPeople.Add(new ErasedPerson { PersonId = id, ErasedAt = time.GetUtcNow() });
            }
        });
}
