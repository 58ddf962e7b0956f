using Alliance.Contracts.Identity;
using Alliance.Messaging.Inbox;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Security;
using MassTransit;

namespace Alliance.Needs.PartnerClients;

/// <summary>
/// Keeps the line under which a revoked (or re-keyed) partner system's tokens are refused here
/// (<see cref="RevokedClients.AddClientRevocation{TContext}"/>): partner systems act on Needs's API.
/// </summary>
internal sealed class PartnerClientRevokedConsumer(NeedsDbContext db, Inbox<NeedsDbContext> inbox) : IConsumer<PartnerClientRevoked>
{
    public Task Consume(ConsumeContext<PartnerClientRevoked> context) =>
        inbox.HandleOnceAsync(context, nameof(PartnerClientRevokedConsumer),
            ct => db.RecordRevocationAsync(context.Message.ClientId, context.Message.Cutoff, ct));
}
