using Alliance.Contracts.Events;

namespace Alliance.Contracts.Merchants;

/// <summary>An admin verified a pending business: it may now publish offers and claim needs in its trade.</summary>
public sealed record MerchantVerified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    string CommunityId,
    Guid VerifiedBy) : IIntegrationEvent;

/// <summary>A street admin rejected a pending business (the reason stays in Merchants, readable through its API).</summary>
public sealed record MerchantRejected(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid RejectedBy) : IIntegrationEvent;
