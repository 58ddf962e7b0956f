using System.Text.Json.Serialization;
using Alliance.Contracts.Events;

namespace Alliance.Contracts.Needs;

[JsonConverter(typeof(JsonStringEnumConverter<ClaimantKind>))]
public enum ClaimantKind
{
    Volunteer,
    Team,
    Merchant,
}

/// <summary>Who confirmed a completed need (docs/domain.md, "A need's life").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NeedConfirmer>))]
public enum NeedConfirmer
{
    Resident,
    GridWorker,
    Admin,
    Timer,
}

/// <summary>One helper's share of the work on a need; night hours are part of the hours.</summary>
public sealed record NeedHelper(Guid VolunteerId, decimal Hours, decimal NightHours);

/// <summary>
/// A completed need was confirmed (by the resident, a grid worker, an admin resolving a dispute, or
/// the timer). The need is the source of each helper's hours. A merchant's claim carries the
/// merchant's id as the claimant and no helpers: merchant work earns neither hours nor points.
/// </summary>
public sealed record NeedConfirmed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? CorrelationId,
    Guid NeedId,
    Guid RequesterId,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid? TeamId,
    string CommunityId,
    string GridId,
    string KindId,
    string Urgency,
    DateTimeOffset ClaimedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    DateTimeOffset ConfirmedAt,
    NeedConfirmer ConfirmedBy,
    Guid? ConfirmedById,
    int? Rating,
    IReadOnlyList<NeedHelper> Helpers) : IIntegrationEvent;
