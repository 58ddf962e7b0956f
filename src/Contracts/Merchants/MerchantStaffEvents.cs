using Alliance.Contracts.Events;

namespace Alliance.Contracts.Merchants;

/// <summary>
/// A person (by account id) acts for a merchant (joined its staff, or the merchant was reinstated):
/// Identity asks Merchants (<c>IsStaff</c>) and grants <c>merchant-staff</c> with a <c>merchant_id</c>
/// claim for this merchant (one claim per merchant a person works for).
/// </summary>
public sealed record MerchantStaffAdded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid AccountId) : IIntegrationEvent;

/// <summary>
/// A person no longer acts for a merchant (removed from its staff, or the merchant suspended): Identity
/// asks Merchants, and removes that merchant's claim, and the role with the last one.
/// </summary>
public sealed record MerchantStaffRemoved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid AccountId) : IIntegrationEvent;
