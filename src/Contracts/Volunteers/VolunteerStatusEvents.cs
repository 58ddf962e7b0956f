using Alliance.Contracts.Events;

namespace Alliance.Contracts.Volunteers;

/// <summary>
/// An admin suspended an active volunteer (the reason stays in Volunteers). Volunteers also publishes
/// <see cref="VolunteerVerificationRevoked"/> in the same commit, so Identity takes the <c>volunteer</c>
/// role away; consumers that only care about the role need not consume this one.
/// </summary>
public sealed record VolunteerSuspended(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId,
    Guid SuspendedBy) : IIntegrationEvent;

/// <summary>
/// An admin reinstated a suspended volunteer. Volunteers also publishes <see cref="VolunteerVerified"/>
/// in the same commit, so Identity grants the <c>volunteer</c> role again.
/// </summary>
public sealed record VolunteerReinstated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId,
    Guid ReinstatedBy) : IIntegrationEvent;
