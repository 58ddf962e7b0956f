using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;

namespace Alliance.Needs.Claims;

/// <summary>A claim: empty for the caller as a volunteer, or naming the team the caller leads.</summary>
[RequestExample("""{ "teamId": "019385a2-6c1e-7d3b-9f4a-2b8c5e1d7a90" }""")]
internal sealed record ClaimRequest(Guid? TeamId);

/// <summary>A merchant's claim, made by one of its staff: the merchant must be one the caller's token names.</summary>
internal sealed record MerchantClaimRequest([RequiredField] Guid? MerchantId);

/// <summary>The team's members who go, named by the team's leader.</summary>
internal sealed record AssignHelpersRequest(List<Guid>? VolunteerIds);

/// <summary>The claimant's words on letting a need go; they stay in Needs.</summary>
internal sealed record ReleaseRequest(string? Reason);

/// <summary>
/// One claim on a claimant's own list: the need (title, kind, place, wanted window), whom it was claimed
/// for (<c>claimantKind</c> and <c>claimantId</c>: the volunteer, a team or a merchant), who claimed, its
/// state and times. A claim that ended (released, declined, timed out, cancelled) keeps its own times only.
/// </summary>
internal sealed record ClaimSummary(
    Guid Id,
    Guid NeedId,
    string Title,
    string KindId,
    string CommunityId,
    string GridId,
    NeedUrgency Urgency,
    DateTimeOffset WantedFrom,
    DateTimeOffset WantedUntil,
    ClaimantKind ClaimantKind,
    Guid ClaimantId,
    Guid ClaimedById,
    string? ClaimedByName,
    ClaimState State,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? EndedAt)
{
    public static ClaimSummary From(NeedClaim claim, Need need, NameBook names)
    {
        // Only the claim that stands owns the need's later times: after a release they are another claim's.
        var stands = claim.Outcome is null;
        var state = NeedClaim.StateOf(claim.Outcome, need.Status);
        return new(
            claim.Id, need.Id, need.Title, need.KindId, need.CommunityId, need.GridId, need.Urgency, need.WantedFrom, need.WantedUntil,
            claim.ClaimantKind, claim.ClaimantId, claim.ClaimedById, names.NameOf(claim.ClaimedById), state, claim.ClaimedAt, claim.AcceptedAt,
            stands ? need.StartedAt : null, stands ? need.CompletedAt : null, stands ? need.ConfirmedAt : null,
            claim.EndedAt ?? (state == ClaimState.Cancelled ? need.CancelledAt : null));
    }
}
