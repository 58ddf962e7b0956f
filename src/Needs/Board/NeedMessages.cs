using Alliance.Contracts.Needs;

namespace Alliance.Needs.Board;

/// <summary>The events of a need's life, from the need as it stands after the step: ids only, never the address or a phone.</summary>
internal static class NeedMessages
{
    public static NeedPosted Posted(Need n, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.KindId, n.CommunityId, n.GridId, Wire(n.Urgency), n.PostedById);

    public static NeedClaimed Claimed(Need n, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.ClaimedById!.Value, n.ClaimantKind!.Value, n.ClaimantId, n.TeamId);

    public static NeedHelpersAssigned HelpersAssigned(Need n, IReadOnlyList<Guid> helpers, Guid by, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.ClaimantKind!.Value, n.ClaimantId!.Value, helpers, by);

    public static NeedClaimAccepted Accepted(Need n, Guid by, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.ClaimantKind!.Value, n.ClaimantId!.Value, n.TeamId, by);

    public static NeedClaimEscalated Escalated(Need n, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.CommunityId, n.GridId, n.ClaimantKind!.Value, n.ClaimantId!.Value, n.ClaimedAt!.Value);

    public static NeedStarted Started(Need n, Guid by, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.ClaimantKind!.Value, n.ClaimantId!.Value, by);

    public static NeedCompleted Completed(Need n, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.ClaimantKind!.Value, n.ClaimantId!.Value, n.TeamId, Helpers(n));

    public static NeedDisputed Disputed(Need n, Guid by, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.CommunityId, n.ClaimantKind!.Value, n.ClaimantId!.Value, by);

    public static NeedCancelled Cancelled(Need n, Guid by, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, by, n.ClaimantId, n.ClaimantKind, n.TeamId);

    public static NeedExpired Expired(Need n, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.CommunityId, n.GridId);

    /// <summary>Every field docs/domain.md lists ("What the events carry"); the need is the source of each helper's hours.</summary>
    public static NeedConfirmed Confirmed(Need n, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, null, n.Id, n.RequesterId, n.ClaimantKind!.Value, n.ClaimantId!.Value, n.TeamId, n.CommunityId, n.GridId,
            n.KindId, Wire(n.Urgency), n.ClaimedAt!.Value, n.StartedAt!.Value, n.CompletedAt!.Value, n.ConfirmedAt!.Value, n.ConfirmedBy!.Value,
            n.ConfirmedById, n.Rating, n.ClaimantKind == ClaimantKind.Merchant ? [] : Helpers(n));

    /// <summary>The claimant as it was before the need went back to the board.</summary>
    public static (ClaimantKind Kind, Guid Id) ClaimantOf(Need n) => (n.ClaimantKind!.Value, n.ClaimantId!.Value);

    public static string Wire(NeedUrgency urgency) => urgency switch
    {
        NeedUrgency.Urgent => "urgent",
        NeedUrgency.Emergency => "emergency",
        _ => "normal",
    };

    private static List<NeedHelper> Helpers(Need n) => [.. n.Helpers.Select(h => new NeedHelper(h.VolunteerId, h.Hours, h.NightHours))];
}
