using Alliance.Contracts.Events;

namespace Alliance.Contracts.Volunteers;

/// <summary>A person registered as a volunteer; the registration is pending verification.</summary>
public sealed record VolunteerRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId) : IIntegrationEvent;
