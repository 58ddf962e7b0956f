using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>
/// An activity was cancelled before it started; every sign-up (place or waitlist) ended, and no
/// hours will be confirmed for it. <paramref name="VolunteerIds"/> are those whose sign-ups ended.
/// </summary>
public sealed record ActivityCancelled(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, IReadOnlyList<Guid> VolunteerIds) : IIntegrationEvent;
