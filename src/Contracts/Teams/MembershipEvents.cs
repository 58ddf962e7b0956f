using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>A verified volunteer joined a team (approved request or accepted invitation).</summary>
public sealed record TeamMemberJoined(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;

/// <summary>A member left a team.</summary>
public sealed record TeamMemberLeft(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;
