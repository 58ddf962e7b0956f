using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>A volunteer team was set up in a community.</summary>
public sealed record TeamCreated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid TeamId,
    Guid LeaderId,
    string CommunityId) : IIntegrationEvent;
