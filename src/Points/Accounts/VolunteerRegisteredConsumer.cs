using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Points.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Accounts;

/// <summary>Opens a zero-balance account for each newly registered volunteer, once.</summary>
internal sealed class VolunteerRegisteredConsumer(PointsDbContext db, Inbox<PointsDbContext> inbox, TimeProvider time)
    : IConsumer<VolunteerRegistered>
{
    public Task Consume(ConsumeContext<VolunteerRegistered> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerRegisteredConsumer), async ct =>
        {
            var volunteerId = context.Message.VolunteerId;
            if (!await db.Accounts.AnyAsync(a => a.VolunteerId == volunteerId, ct))
            {
                db.Accounts.Add(PointsAccount.Open(volunteerId, time.GetUtcNow()));
            }
        });
}
