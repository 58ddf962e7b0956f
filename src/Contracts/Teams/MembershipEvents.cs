using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>A volunteer asked to join a team; its leader or a deputy decides (<paramref name="MembershipId"/> is the request).</summary>
public sealed record TeamJoinRequested(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid MembershipId, Guid VolunteerId) : IIntegrationEvent;

/// <summary>A verified volunteer joined a team (approved request or accepted invitation).</summary>
public sealed record TeamMemberJoined(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;

/// <summary>A member left a team.</summary>
public sealed record TeamMemberLeft(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;

/// <summary>
/// The leader (or a deputy) removed a member from a team. The reason stays in Teams: events carry ids only.
/// </summary>
public sealed record TeamMemberRemoved(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid VolunteerId, Guid RemovedBy) : IIntegrationEvent;

/// <summary>
/// The leader handed the team to another member, who now leads it; the previous leader stays as a
/// deputy. <see cref="TeamCreated"/> named the first leader, so a change of leader is a fact too.
/// Handovers may arrive out of order: Needs treats one as a cue and asks Teams (<c>GetTeam</c>'s
/// <c>leader_id</c>) who leads now, rather than applying previous → new.
/// </summary>
public sealed record TeamLeadershipHandedOver(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid TeamId, Guid PreviousLeaderId, Guid LeaderId) : IIntegrationEvent;
