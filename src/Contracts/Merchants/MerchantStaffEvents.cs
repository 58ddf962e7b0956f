using Alliance.Contracts.Events;

namespace Alliance.Contracts.Merchants;

/// <summary>
/// A person (by account id) became staff of a merchant: Identity grants <c>merchant-staff</c> with a
/// <c>merchant_id</c> claim for this merchant (one claim per merchant a person works for).
/// </summary>
public sealed record MerchantStaffAdded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid AccountId) : IIntegrationEvent;

/// <summary>A person is no longer staff of a merchant: Identity removes that merchant's claim, and the role with the last one.</summary>
public sealed record MerchantStaffRemoved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid AccountId) : IIntegrationEvent;
