using Alliance.Contracts.Events;

namespace Alliance.Contracts.Volunteers;

/// <summary>
/// An admin verified a volunteer (the volunteer's id is their account id): Identity grants the
/// <c>volunteer</c> role, which their next token carries.
/// </summary>
public sealed record VolunteerVerified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId,
    Guid VerifiedBy) : IIntegrationEvent;

/// <summary>An admin withdrew a volunteer's verification: Identity revokes the <c>volunteer</c> role.</summary>
public sealed record VolunteerVerificationRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid VolunteerId,
    string CommunityId,
    Guid RevokedBy) : IIntegrationEvent;
