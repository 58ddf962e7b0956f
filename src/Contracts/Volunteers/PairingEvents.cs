using Alliance.Contracts.Events;

namespace Alliance.Contracts.Volunteers;

/// <summary>A community admin paired a volunteer with a care recipient (结对帮扶). Ids only: the agreement stays in Volunteers.</summary>
public sealed record PairingStarted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid PairingId,
    Guid VolunteerId,
    Guid RecipientId,
    string CommunityId,
    string GridId,
    Guid PairedBy) : IIntegrationEvent;

/// <summary>A pairing ended: an admin ended it, or the volunteer erased their data (<c>Reason</c> is then <c>volunteer_erased</c>).</summary>
public sealed record PairingEnded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid PairingId,
    Guid? VolunteerId,
    Guid RecipientId,
    string CommunityId,
    string Reason) : IIntegrationEvent;

/// <summary>
/// The volunteer has not visited within the agreed cadence. Raised by due work when the visit falls
/// due, and again after each further cadence without a visit, so the grid worker of
/// <c>GridId</c> and the community's admins can follow it up. <c>MissedCadences</c> counts from 1.
/// </summary>
public sealed record PairingVisitOverdue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid PairingId,
    Guid VolunteerId,
    Guid RecipientId,
    string CommunityId,
    string GridId,
    DateTimeOffset VisitDueAt,
    DateTimeOffset? LastVisitAt,
    int MissedCadences) : IIntegrationEvent;
