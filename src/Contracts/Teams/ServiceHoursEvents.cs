using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>
/// A leader confirmed one attendee's hours for an activity. The activity is the source of the
/// hours: Volunteers records them once per (activity, volunteer), however often this is delivered.
/// </summary>
public sealed record ServiceHoursConfirmed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid ActivityId,
    Guid TeamId,
    string CommunityId,
    Guid VolunteerId,
    decimal Hours,
    DateOnly ActivityDate) : IIntegrationEvent;

/// <summary>
/// A correction of hours already confirmed (after a dispute), never an edit of the first entry:
/// its own id keys the new entry; <see cref="SourceId"/> is the activity or need it corrects.
/// </summary>
public sealed record ServiceHoursAdjusted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid AdjustmentId,
    Guid SourceId,
    Guid VolunteerId,
    decimal HoursDelta,
    string Reason) : IIntegrationEvent;
