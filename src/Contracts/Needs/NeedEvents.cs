using Alliance.Contracts.Events;

namespace Alliance.Contracts.Needs;

/// <summary>A need was posted on the street-wide board: by its requester, or by a grid worker for an assisted resident (<c>PostedById</c>).</summary>
public sealed record NeedPosted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    string KindId,
    string CommunityId,
    string? GridId = null,
    string? Urgency = null,
    Guid? PostedById = null) : IIntegrationEvent;

/// <summary>
/// A need was claimed; exactly one claim wins. <c>VolunteerId</c> is the person who claimed (the
/// volunteer, or for a team its leader); the claimant is the volunteer or the team.
/// </summary>
public sealed record NeedClaimed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid VolunteerId,
    ClaimantKind ClaimantKind = ClaimantKind.Volunteer,
    Guid? ClaimantId = null,
    Guid? TeamId = null) : IIntegrationEvent;

/// <summary>The requester (or a grid worker for an assisted resident) accepted the claimant.</summary>
public sealed record NeedClaimAccepted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid? TeamId,
    Guid AcceptedBy) : IIntegrationEvent;

/// <summary>The requester (or a grid worker) declined the claimant; the need is open again.</summary>
public sealed record NeedClaimDeclined(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid DeclinedBy) : IIntegrationEvent;

/// <summary>A claim was not accepted in time: the grid workers of the need's grid should step in.</summary>
public sealed record NeedClaimEscalated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    string CommunityId,
    string GridId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    DateTimeOffset ClaimedAt) : IIntegrationEvent;

/// <summary>
/// The claimant (a team's leader, or a merchant's staff) named who does the work: <paramref name="HelperIds"/>
/// are the volunteers assigned, each to be told.
/// </summary>
public sealed record NeedHelpersAssigned(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    IReadOnlyList<Guid> HelperIds,
    Guid AssignedBy) : IIntegrationEvent;

/// <summary>The claimant let the need go (<c>Reason</c> "claimant"), or it was not started in time ("timeout"); the need is open again.</summary>
public sealed record NeedReleased(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    string Reason,
    Guid? ReleasedBy) : IIntegrationEvent;

/// <summary>The claimant started the work.</summary>
public sealed record NeedStarted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid StartedBy) : IIntegrationEvent;

/// <summary>The claimant reported the work done, with each helper's hours; the requester now confirms or disputes.</summary>
public sealed record NeedCompleted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid? TeamId,
    IReadOnlyList<NeedHelper> Helpers) : IIntegrationEvent;

/// <summary>The requester (or a grid worker) disputed a completion; an admin of the need's community resolves it.</summary>
public sealed record NeedDisputed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    string CommunityId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid DisputedBy) : IIntegrationEvent;

/// <summary>
/// The requester (or an admin of the need's community) withdrew a need before it was done, or an
/// admin resolved a dispute to cancelled.
/// </summary>
public sealed record NeedCancelled(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid CancelledBy,
    Guid? ClaimantId,
    ClaimantKind? ClaimantKind = null,
    Guid? TeamId = null) : IIntegrationEvent;

/// <summary>An open need's wanted window ended with no claim.</summary>
public sealed record NeedExpired(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    string CommunityId,
    string GridId) : IIntegrationEvent;
