using Alliance.Contracts.Events;

namespace Alliance.Contracts.Points;

/// <summary>
/// A street admin upheld an anti-gaming flag, and Points took back the credit it names with an
/// adjustment of its own (<paramref name="ReversalId"/>, never an edit of the credit).
/// <paramref name="SourceId"/> is the need or activity that earned the credit; <paramref name="Hours"/>
/// are the hours it still carried (positive), which Volunteers takes off the volunteer's certified hours.
/// </summary>
public sealed record PointsCreditReversed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid ReversalId,
    Guid FlagId,
    Guid SourceId,
    Guid VolunteerId,
    decimal Hours) : IIntegrationEvent;
