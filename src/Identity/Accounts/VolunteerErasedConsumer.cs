using Alliance.Contracts.Volunteers;
using Alliance.Identity.Data;
using Alliance.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.Accounts;

/// <summary>
/// A volunteer erased their personal data: the display name they had then goes too, so every list
/// shows "已注销" for them (<c>GetDisplayNames</c> answers erased). The account stays, to sign in as a
/// resident; a name given after the erasure (its event came late) is kept, so the order of the two never matters.
/// </summary>
internal sealed class VolunteerErasedConsumer(IdentityDbContext db, Inbox<IdentityDbContext> inbox, ILogger<VolunteerErasedConsumer> logger)
    : IConsumer<VolunteerErased>
{
    public Task Consume(ConsumeContext<VolunteerErased> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerErasedConsumer), async ct =>
        {
            var account = await db.Users.FirstOrDefaultAsync(a => a.Id == context.Message.VolunteerId, ct);
            if (account?.Erase(context.Message.OccurredAt) is true)
            {
                logger.LogInformation("Account {AccountId} erased its display name", account.Id);
            }
        });
}
