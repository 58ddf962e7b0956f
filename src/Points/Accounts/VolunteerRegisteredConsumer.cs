using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Points.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Accounts;

/// <summary>
/// Opens a zero-balance account for each newly registered volunteer, once. A registration from before
/// the volunteer's erasure that arrives after it opens nothing; one from after it (the person came
/// back with the same account) lifts the tombstone, and their own id earns again.
/// </summary>
internal sealed class VolunteerRegisteredConsumer(PointsDbContext db, Inbox<PointsDbContext> inbox, ErasedVolunteers erased, TimeProvider time)
    : IConsumer<VolunteerRegistered>
{
    public Task Consume(ConsumeContext<VolunteerRegistered> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerRegisteredConsumer), async ct =>
        {
            var volunteerId = context.Message.VolunteerId;
            await erased.LockAsync(volunteerId, ct);
            if (await erased.ErasedAtAsync(volunteerId, ct) is { } erasedAt)
            {
                if (context.Message.OccurredAt <= erasedAt)
                {
                    return;
                }

                await erased.ForgetAsync(volunteerId, ct);
            }

            if (!await db.Accounts.AnyAsync(a => a.VolunteerId == volunteerId, ct))
            {
                db.Accounts.Add(PointsAccount.Open(volunteerId, time.GetUtcNow()));
            }
        });
}
