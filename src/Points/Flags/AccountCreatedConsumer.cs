using Alliance.Contracts.Identity;
using Alliance.Messaging.Inbox;
using Alliance.Points.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Flags;

/// <summary>Notes when each account was made (the event's time), so a need's requester can be told brand new; nothing else of the person.</summary>
internal sealed class AccountCreatedConsumer(PointsDbContext db, Inbox<PointsDbContext> inbox) : IConsumer<AccountCreated>
{
    public Task Consume(ConsumeContext<AccountCreated> context) =>
        inbox.HandleOnceAsync(context, nameof(AccountCreatedConsumer), async ct =>
        {
            var m = context.Message;
            if (!await db.KnownAccounts.AnyAsync(a => a.AccountId == m.AccountId, ct))
            {
                db.KnownAccounts.Add(new KnownAccount { AccountId = m.AccountId, CreatedAt = m.OccurredAt.ToUniversalTime(), Assisted = m.Assisted });
            }
        });
}
