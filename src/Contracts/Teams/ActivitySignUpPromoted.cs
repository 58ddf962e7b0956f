using Alliance.Contracts.Events;

namespace Alliance.Contracts.Teams;

/// <summary>A place at an activity was freed and went to the first volunteer on its waitlist.</summary>
public sealed record ActivitySignUpPromoted(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ActivityId, Guid TeamId, Guid VolunteerId) : IIntegrationEvent;
