using Alliance.Contracts.Identity;
using Alliance.Merchants.Data;
using Alliance.Messaging.Inbox;
using Alliance.ServiceDefaults.Security;
using MassTransit;

namespace Alliance.Merchants.PartnerClients;

/// <summary>
/// Keeps the line under which a revoked (or re-keyed) partner system's tokens are refused here
/// (<see cref="RevokedClients.AddClientRevocation{TContext}"/>): partner systems act on Merchants's API.
/// </summary>
internal sealed class PartnerClientRevokedConsumer(MerchantsDbContext db, Inbox<MerchantsDbContext> inbox) : IConsumer<PartnerClientRevoked>
{
    public Task Consume(ConsumeContext<PartnerClientRevoked> context) =>
        inbox.HandleOnceAsync(context, nameof(PartnerClientRevokedConsumer),
            ct => db.RecordRevocationAsync(context.Message.ClientId, context.Message.Cutoff, ct));
}
