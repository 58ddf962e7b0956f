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
/// A street admin revoked a partner system's client or issued it a new secret, or its merchant was
/// suspended: every access token the client got before <paramref name="Cutoff"/> (its <c>iat</c>, in
/// whole seconds) stops working in the services that take partner tokens (Merchants, Needs), once
/// they have this event. The cut-off is a whole second after the change commits, and Identity answers
/// only once it has passed, so no token from before the change slips under it and none from after is caught.
/// </summary>
public sealed record PartnerClientRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    string ClientId,
    Guid MerchantId,
    DateTimeOffset Cutoff) : IIntegrationEvent;
