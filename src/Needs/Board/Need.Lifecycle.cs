using Alliance.Contracts.Needs;
using static Alliance.Needs.Board.NeedCodes;

namespace Alliance.Needs.Board;

/// <summary>
/// Every transition of docs/domain.md's "A need's life" is one method, here from the start of the work on
/// and in Need.Claiming.cs before it. Each returns null when it happened, or the refusal, and then
/// changes nothing.
/// </summary>
internal sealed partial class Need
{
    public NeedRefusal? Start(DateTimeOffset now)
    {
        if (Status != NeedStatus.Accepted)
        {
            return NeedRefusal.Conflict(NeedNotAccepted, $"Only an accepted need can start; this one is {Status}.");
        }

        if (ClaimantKind == Contracts.Needs.ClaimantKind.Team && AssignedHelperIds.Count == 0)
        {
            return NeedRefusal.Conflict(NoHelpersAssigned, "Assign the team's members before starting.");
        }

        Status = NeedStatus.InProgress;
        StartedAt = now;
        return null;
    }

    /// <summary>
    /// The claimant reports the work done: each helper's hours (the volunteer, or the team's assigned
    /// members), at most the time since the start plus <paramref name="allowance"/>, and a note.
    /// </summary>
    public NeedRefusal? Complete(IReadOnlyList<HelperHours> helpers, string? note, TimeSpan allowance, DateTimeOffset now)
    {
        if (Status != NeedStatus.InProgress)
        {
            return NeedRefusal.Conflict(NeedNotInProgress, $"Only a need in progress can be completed; this one is {Status}.");
        }

        if (HelpersOutsideTheClaim(helpers) is { } refusal)
        {
            return refusal;
        }

        if (helpers.Count == 0 && ClaimantKind != Contracts.Needs.ClaimantKind.Merchant)
        {
            return NeedRefusal.Unprocessable(HelpersRequired, "A volunteer's or a team's completion names each helper's hours.");
        }

        if (HoursBeyondTheTime(helpers, StartedAt!.Value, now, allowance) is { } beyond)
        {
            return beyond;
        }

        Status = NeedStatus.Completed;
        CompletedAt = now;
        CompletionNote = note;
        Helpers = [.. helpers];
        return null;
    }

    /// <summary>The requester (or a grid worker for an assisted resident) confirms, with a rating of 1–5; never someone who did the work.</summary>
    public NeedRefusal? Confirm(NeedConfirmer confirmer, NeedActor by, int rating, string? comment, DateTimeOffset now)
    {
        if (Status != NeedStatus.Completed)
        {
            return NeedRefusal.Conflict(NeedNotCompleted, $"Only a completed need can be confirmed; this one is {Status}.");
        }

        if (IsClaimantSide(by))
        {
            return NeedRefusal.Unprocessable(CannotConfirmOwnWork, "You are on the claimant's side of this need; you cannot confirm or rate its work.");
        }

        SetConfirmed(confirmer, by.Id, rating, now);
        RatingComment = comment;
        return null;
    }

    /// <summary>The timer: a completion neither confirmed nor disputed in time is confirmed, with no rating.</summary>
    public NeedRefusal? ConfirmByTimer(DateTimeOffset now)
    {
        if (Status != NeedStatus.Completed)
        {
            return NeedRefusal.Conflict(NeedNotCompleted, $"Only a completed need can be confirmed; this one is {Status}.");
        }

        SetConfirmed(NeedConfirmer.Timer, null, null, now);
        return null;
    }

    public NeedRefusal? Dispute(Guid by, string reason, DateTimeOffset now)
    {
        if (Status != NeedStatus.Completed)
        {
            return NeedRefusal.Conflict(NeedNotCompleted, $"Only a completed need can be disputed; this one is {Status}.");
        }

        Status = NeedStatus.Disputed;
        DisputedAt = now;
        DisputedById = by;
        DisputeReason = reason;
        return null;
    }

    /// <summary>
    /// An admin of the need's community resolves a dispute: confirmed (with other hours, if given, which
    /// fit the time from start to completion as the reported ones had to) or cancelled. Never by
    /// someone on the claimant's side.
    /// </summary>
    public NeedRefusal? ResolveDispute(bool confirmed, IReadOnlyList<HelperHours>? helpers, string? note, NeedActor by, TimeSpan allowance, DateTimeOffset now)
    {
        if (Status != NeedStatus.Disputed)
        {
            return NeedRefusal.Conflict(NeedNotDisputed, $"Only a disputed need can be resolved; this one is {Status}.");
        }

        if (IsClaimantSide(by))
        {
            return NeedRefusal.Unprocessable(CannotResolveOwnWork, "You are on the claimant's side of this need; another admin resolves its dispute.");
        }

        if (confirmed && helpers is not null
            && (HelpersOutsideTheClaim(helpers) ?? HoursBeyondTheTime(helpers, StartedAt!.Value, CompletedAt!.Value, allowance)) is { } refusal)
        {
            return refusal;
        }

        ResolvedById = by.Id;
        ResolutionNote = note;
        if (!confirmed)
        {
            Status = NeedStatus.Cancelled;
            CancelledAt = now;
            CancelledById = by.Id;
            return null;
        }

        if (helpers is not null)
        {
            Helpers = [.. helpers];
        }

        SetConfirmed(NeedConfirmer.Admin, by.Id, null, now);
        return null;
    }

    /// <summary>The requester (or an admin of its place) withdraws the need before it is completed.</summary>
    public NeedRefusal? Cancel(Guid by, DateTimeOffset now)
    {
        if (Status is not (NeedStatus.Open or NeedStatus.Claimed or NeedStatus.Accepted or NeedStatus.InProgress))
        {
            return NeedRefusal.Conflict(NeedNotCancellable, $"A need that is {Status} cannot be cancelled.");
        }

        Status = NeedStatus.Cancelled;
        CancelledAt = now;
        CancelledById = by;
        return null;
    }

    /// <summary>The timer: an open need whose wanted window has ended.</summary>
    public NeedRefusal? Expire(DateTimeOffset now)
    {
        if (Status != NeedStatus.Open)
        {
            return NeedRefusal.Conflict(NeedNotOpen, $"Only an open need expires; this one is {Status}.");
        }

        Status = NeedStatus.Expired;
        ExpiredAt = now;
        return null;
    }

    private void SetConfirmed(NeedConfirmer by, Guid? byId, int? rating, DateTimeOffset now)
    {
        Status = NeedStatus.Confirmed;
        ConfirmedAt = now;
        ConfirmedBy = by;
        ConfirmedById = byId;
        Rating = rating;
    }
}
