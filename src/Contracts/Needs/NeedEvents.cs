using Alliance.Contracts.Events;

namespace Alliance.Contracts.Needs;

/// <summary>A resident posted a need on the street-wide board.</summary>
public sealed record NeedPosted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    string KindId,
    string CommunityId) : IIntegrationEvent;

/// <summary>A need was claimed; exactly one claim wins.</summary>
public sealed record NeedClaimed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid VolunteerId) : IIntegrationEvent;

/// <summary>The requester (or an admin of the need's community) withdrew a need before it was done.</summary>
public sealed record NeedCancelled(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid CancelledBy,
    Guid? ClaimantId) : IIntegrationEvent;
