using Alliance.Contracts.Merchants;
using Alliance.Identity.Data;
using Alliance.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.PartnerClients;

/// <summary>A merchant Merchants verified (from <see cref="MerchantVerified"/>): only such a merchant gets a partner-system client.</summary>
internal sealed class VerifiedMerchant
{
    public Guid MerchantId { get; set; }

    public DateTimeOffset VerifiedAt { get; set; }
}

internal sealed class MerchantVerifiedConsumer(IdentityDbContext db, Inbox<IdentityDbContext> inbox) : IConsumer<MerchantVerified>
{
    public Task Consume(ConsumeContext<MerchantVerified> context) =>
        inbox.HandleOnceAsync(context, nameof(MerchantVerifiedConsumer), async ct =>
        {
            if (!await db.VerifiedMerchants.AnyAsync(m => m.MerchantId == context.Message.MerchantId, ct))
            {
                db.VerifiedMerchants.Add(new VerifiedMerchant { MerchantId = context.Message.MerchantId, VerifiedAt = context.Message.OccurredAt });
            }
        });
}
