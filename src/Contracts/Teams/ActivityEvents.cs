using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>A volunteer took a place at an activity, or the next place on its waitlist (<paramref name="Waitlisted"/>).</summary>
public sealed record ActivitySignedUp(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, Guid VolunteerId, bool Waitlisted) : IIntegrationEvent;

/// <summary>A volunteer gave up their place (or waitlist place) at an activity before it ended.</summary>
public sealed record ActivitySignUpWithdrawn(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;

/// <summary>
/// An activity's title, place or time was changed before it started; its times as they are now. What else
/// changed is read from Teams (events carry ids and times only).
/// </summary>
public sealed record ActivityChanged(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, DateTimeOffset StartsAt, DateTimeOffset EndsAt) : IIntegrationEvent;

/// <summary>A volunteer disputed the hours confirmed for them at an activity; the leader (or a covering admin) answers. The reason stays in Teams.</summary>
public sealed record ActivityHoursDisputed(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;
