using Alliance.Contracts.Merchants;
using Alliance.Identity.Data;
using Alliance.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

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

/// <summary>
/// A suspended merchant's partner system gets no token (the token endpoint asks this table) and the
/// ones it has stop working (<see cref="PartnerClientRevoked"/>); a reinstated one gets tokens again.
/// </summary>
internal sealed class MerchantStandingConsumer(IdentityDbContext db, Inbox<IdentityDbContext> inbox, IOpenIddictApplicationManager applications, TimeProvider time)
    : IConsumer<MerchantSuspended>, IConsumer<MerchantReinstated>
{
    public Task Consume(ConsumeContext<MerchantSuspended> context) =>
        inbox.HandleOnceAsync(context, nameof(MerchantStandingConsumer), async ct =>
        {
            var merchantId = context.Message.MerchantId;
            db.VerifiedMerchants.RemoveRange(await db.VerifiedMerchants.Where(m => m.MerchantId == merchantId).ToListAsync(ct));
            var clientId = PartnerClientsApi.ClientIdOf(merchantId);
            if (await applications.FindByClientIdAsync(clientId, ct) is not null)
            {
                await PartnerClientsApi.PublishRevokedAsync(db, clientId, merchantId, time, ct);
            }
        });

    public Task Consume(ConsumeContext<MerchantReinstated> context) =>
        inbox.HandleOnceAsync(context, nameof(MerchantStandingConsumer), async ct =>
        {
            if (!await db.VerifiedMerchants.AnyAsync(m => m.MerchantId == context.Message.MerchantId, ct))
            {
                db.VerifiedMerchants.Add(new VerifiedMerchant { MerchantId = context.Message.MerchantId, VerifiedAt = context.Message.OccurredAt });
            }
        });
}
