using Alliance.Contracts.Events;

namespace Alliance.Contracts.Needs;

/// <summary>A resident posted a need on the street-wide board.</summary>
public sealed record NeedPosted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    string KindId,
    string CommunityId) : IIntegrationEvent;

/// <summary>A need was claimed; exactly one claim wins.</summary>
public sealed record NeedClaimed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid VolunteerId) : IIntegrationEvent;
