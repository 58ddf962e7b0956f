using Alliance.Contracts.Events;

namespace Alliance.Contracts.Merchants;

/// <summary>A partner business registered; it is pending verification.</summary>
public sealed record MerchantRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid RegisteredBy,
    string CommunityId) : IIntegrationEvent;
