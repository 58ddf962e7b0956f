using Alliance.Contracts.Events;

namespace Alliance.Contracts.Volunteers;

/// <summary>
/// A volunteer erased their personal data. Volunteers has deleted the profile and kept the hours
/// ledger under an anonymous id; every service that holds data about this person should do the same.
/// </summary>
public sealed record VolunteerErased(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId) : IIntegrationEvent;
