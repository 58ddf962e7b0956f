using Alliance.Contracts.Needs;

namespace Alliance.Needs.Board;

/// <summary>How a claim ended before its work was done; a claim that stands follows its need's state.</summary>
internal enum ClaimOutcome
{
    Released,
    Declined,
    TimedOut,
}

/// <summary>
/// One claim of a need, kept after the need goes back to the board, so that a volunteer (or a merchant)
/// can list what they claimed in every state. While it stands it is the need's <see cref="Need.CurrentClaim"/>.
/// </summary>
internal sealed class NeedClaim
{
    private NeedClaim()
    {
    }

    public Guid Id { get; private set; }

    public Guid NeedId { get; private set; }

    public ClaimantKind ClaimantKind { get; private set; }

    /// <summary>The volunteer, the team or the merchant.</summary>
    public Guid ClaimantId { get; private set; }

    /// <summary>The person who claimed: the volunteer, the team's leader, or the merchant's staff member.</summary>
    public Guid ClaimedById { get; private set; }

    public DateTimeOffset ClaimedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public ClaimOutcome? Outcome { get; private set; }

    public static NeedClaim Start(Guid needId, ClaimantKind kind, Guid claimantId, Guid claimedById, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        NeedId = needId,
        ClaimantKind = kind,
        ClaimantId = claimantId,
        ClaimedById = claimedById,
        ClaimedAt = now,
    };

    public void Accepted(DateTimeOffset now) => AcceptedAt = now;

    public void End(ClaimOutcome outcome, DateTimeOffset now)
    {
        Outcome = outcome;
        EndedAt = now;
    }

    /// <summary>
    /// The claim's state as its claimant sees it: how it ended, or else its need's state (a need cancelled
    /// while claimed is a cancelled claim).
    /// </summary>
    public static ClaimState StateOf(ClaimOutcome? outcome, NeedStatus needStatus) => outcome switch
    {
        ClaimOutcome.Released => ClaimState.Released,
        ClaimOutcome.Declined => ClaimState.Declined,
        ClaimOutcome.TimedOut => ClaimState.TimedOut,
        _ => needStatus switch
        {
            NeedStatus.Accepted => ClaimState.Accepted,
            NeedStatus.InProgress => ClaimState.InProgress,
            NeedStatus.Completed => ClaimState.Completed,
            NeedStatus.Confirmed => ClaimState.Confirmed,
            NeedStatus.Disputed => ClaimState.Disputed,
            NeedStatus.Cancelled => ClaimState.Cancelled,
            _ => ClaimState.Claimed,
        },
    };
}

/// <summary>A claim's state on the claimant's own list.</summary>
internal enum ClaimState
{
    Claimed,
    Accepted,
    InProgress,
    Completed,
    Confirmed,
    Disputed,
    Cancelled,
    Released,
    Declined,
    TimedOut,
}
