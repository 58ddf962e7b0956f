using Alliance.Contracts.Events;

namespace Alliance.Contracts.Volunteers;

/// <summary>
/// A volunteer edited their own profile. <c>ChangedFields</c> names what changed, by its wire name
/// (<c>skills</c>, <c>availability</c>, <c>emergencyContact</c>, <c>building</c>), never the values:
/// a service that cares asks Volunteers for the record.
/// </summary>
public sealed record VolunteerProfileChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId,
    IReadOnlyList<string> ChangedFields) : IIntegrationEvent;
