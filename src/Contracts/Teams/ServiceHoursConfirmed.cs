using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>
/// A team leader confirmed one attendee's hours at an activity: a credit in the volunteer's
/// certified hours. The source is the activity; <paramref name="ActivityDate"/> is its day in Asia/Shanghai.
/// </summary>
public sealed record ServiceHoursConfirmed(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, string CommunityId, Guid VolunteerId, decimal Hours, DateOnly ActivityDate) : IIntegrationEvent;
