using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>
/// A correction of confirmed hours after a dispute: its own entry, keyed by its own id, never an edit of the first.
/// <paramref name="HoursBefore"/> is what stood before it: above zero, a credit (<c>ServiceHoursConfirmed</c>) was
/// published for the source and a consumer that has not seen it yet waits for it; zero (a no-show), none was and
/// none will be. Absent from an older publisher, a take-back still implies a credit (hours are taken back only from one).
/// </summary>
public sealed record ServiceHoursAdjusted(
    Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid AdjustmentId, Guid SourceId, Guid VolunteerId, decimal HoursDelta, string Reason,
    decimal? HoursBefore = null) : IIntegrationEvent;
