using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>A correction of confirmed hours after a dispute: its own entry, keyed by its own id, never an edit of the first.</summary>
public sealed record ServiceHoursAdjusted(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid AdjustmentId, Guid SourceId, Guid VolunteerId, decimal HoursDelta, string Reason) : IIntegrationEvent;
