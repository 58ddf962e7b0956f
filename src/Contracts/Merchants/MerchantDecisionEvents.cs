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

/// <summary>
/// A street admin suspended a verified business (the reason stays in Merchants): its offers leave the
/// catalogue and cannot be booked or redeemed, and it cannot claim needs. Merchants also publishes
/// <see cref="MerchantStaffRemoved"/> for each staff member in the same commit, so Identity takes
/// merchant-staff for it away (its staff rows stay, for a reinstatement).
/// </summary>
public sealed record MerchantSuspended(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid SuspendedBy) : IIntegrationEvent;

/// <summary>
/// A street admin reinstated a suspended business: verified again. Merchants also publishes
/// <see cref="MerchantStaffAdded"/> for each staff member, so Identity grants merchant-staff again.
/// </summary>
public sealed record MerchantReinstated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid MerchantId,
    Guid ReinstatedBy) : IIntegrationEvent;
