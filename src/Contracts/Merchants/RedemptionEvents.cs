using Alliance.Contracts.Events;

namespace Alliance.Contracts.Merchants;

/// <summary>
/// A volunteer redeemed a points reward: Points holds <paramref name="Points"/> for the redemption and
/// a code was issued, valid until <paramref name="ExpiresAt"/>.
/// </summary>
public sealed record OfferRedeemed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid RedemptionId,
    Guid OfferId,
    Guid MerchantId,
    Guid VolunteerId,
    long Points,
    DateTimeOffset ExpiresAt) : IIntegrationEvent;

/// <summary>The merchant's staff (or its partner system) confirmed the code at the counter: the points are spent.</summary>
public sealed record RedemptionConfirmed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid RedemptionId,
    Guid OfferId,
    Guid MerchantId,
    Guid VolunteerId) : IIntegrationEvent;

/// <summary>The code was not confirmed in time: the points were released and the quota unit given back.</summary>
public sealed record RedemptionExpired(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid RedemptionId,
    Guid OfferId,
    Guid MerchantId,
    Guid VolunteerId) : IIntegrationEvent;
