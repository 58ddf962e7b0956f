using Alliance.Contracts.Events;

namespace Alliance.Contracts.Identity;

/// <summary>A person signed up (or was given an assisted account); the id is theirs in every service.</summary>
public sealed record AccountCreated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid AccountId,
    bool Assisted) : IIntegrationEvent;

/// <summary>
/// A street admin revoked a partner system's client, or issued it a new secret: every access token
/// the client got up to now (its <c>iat</c> at or before <see cref="IIntegrationEvent.OccurredAt"/>,
/// to the second) stops working in every service that takes partner tokens (Merchants, Needs).
/// </summary>
public sealed record PartnerClientRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    string ClientId,
    Guid MerchantId) : IIntegrationEvent;
