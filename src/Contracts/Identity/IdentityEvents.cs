using Alliance.Contracts.Events;

namespace Alliance.Contracts.Identity;

/// <summary>A person signed up (or was given an assisted account); the id is theirs in every service.</summary>
public sealed record AccountCreated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid AccountId,
    bool Assisted) : IIntegrationEvent;
