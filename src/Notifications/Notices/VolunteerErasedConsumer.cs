using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Notices;

/// <summary>
/// A person who erased their data keeps no inbox here. Notifications to others that are about them
/// stay: they hold only the id, and are rendered with "已注销" through Identity's names.
/// </summary>
internal sealed class VolunteerErasedConsumer(NotificationsDbContext db, Inbox<NotificationsDbContext> inbox) : IConsumer<VolunteerErased>
{
    public Task Consume(ConsumeContext<VolunteerErased> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerErasedConsumer), async ct =>
        {
            var id = context.Message.VolunteerId;
            await db.Notifications.Where(n => n.RecipientId == id).ExecuteDeleteAsync(ct);
        });
}
