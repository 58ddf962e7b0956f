using Alliance.Contracts.Needs;
using static Alliance.Needs.Board.NeedCodes;

namespace Alliance.Needs.Board;

/// <summary>
/// Every transition of DOMAIN.md's "A need's life" is one method here. Each returns null when it
/// happened, or the refusal, and then changes nothing.
/// </summary>
internal sealed partial class Need
{
    public NeedRefusal? ClaimForVolunteer(Guid volunteerId, DateTimeOffset now) =>
        Claim(Contracts.Needs.ClaimantKind.Volunteer, volunteerId, volunteerId, null, now);

    /// <summary>A team claims through its leader (or a deputy), who then assigns members.</summary>
    public NeedRefusal? ClaimForTeam(Guid teamId, Guid leaderId, DateTimeOffset now) =>
        Claim(Contracts.Needs.ClaimantKind.Team, teamId, leaderId, teamId, now);

    /// <summary>
    /// A verified merchant whose trade has the need's kind claims it through one of its staff; the rest
    /// of the need's life is the same, but a merchant's work names no helpers and earns no hours.
    /// </summary>
    public NeedRefusal? ClaimForMerchant(Guid merchantId, Guid staffId, DateTimeOffset now) =>
        Claim(Contracts.Needs.ClaimantKind.Merchant, merchantId, staffId, null, now);

    private NeedRefusal? Claim(ClaimantKind kind, Guid claimantId, Guid claimedBy, Guid? teamId, DateTimeOffset now)
    {
        if (IsRequestedBy(claimedBy))
        {
            return NeedRefusal.Unprocessable(OwnNeed, "You cannot claim a need you posted.");
        }

        if (Status != NeedStatus.Open)
        {
            return NeedRefusal.Conflict(NeedAlreadyClaimed, "This need has already been claimed.");
        }

        Status = NeedStatus.Claimed;
        ClaimantKind = kind;
        ClaimantId = claimantId;
        ClaimedById = claimedBy;
        TeamId = teamId;
        AssignedHelperIds = [];
        ClaimedAt = now;
        EscalatedAt = null;
        return null;
    }

    /// <summary>The team's leader names the members who go, before the work starts; at most as many as the need asks for.</summary>
    public NeedRefusal? AssignHelpers(IReadOnlyCollection<Guid> memberIds)
    {
        if (ClaimantKind != Contracts.Needs.ClaimantKind.Team)
        {
            return NeedRefusal.Conflict(NotATeamClaim, "Only a team's claim has members to assign.");
        }

        if (Status is not (NeedStatus.Claimed or NeedStatus.Accepted))
        {
            return NeedRefusal.Conflict(HelpersFixed, $"A need that is {Status} keeps its helpers.");
        }

        if (memberIds.Count > HelpersNeeded)
        {
            return NeedRefusal.Unprocessable(MoreHelpersThanNeeded, $"This need asks for {HelpersNeeded} helpers.");
        }

        AssignedHelperIds = [.. memberIds.Distinct()];
        return null;
    }

    /// <summary>The requester (or a grid worker for an assisted resident) accepts the claimant.</summary>
    public NeedRefusal? Accept(Guid by, DateTimeOffset now)
    {
        if (Status != NeedStatus.Claimed)
        {
            return NeedRefusal.Conflict(NeedNotClaimed, $"Only a claimed need can be accepted; this one is {Status}.");
        }

        Status = NeedStatus.Accepted;
        AcceptedAt = now;
        AcceptedById = by;
        return null;
    }

    /// <summary>The requester declines the claimant: the need goes back to the board.</summary>
    public NeedRefusal? Decline()
    {
        if (Status != NeedStatus.Claimed)
        {
            return NeedRefusal.Conflict(NeedNotClaimed, $"Only a claimed need can be declined; this one is {Status}.");
        }

        Reopen();
        return null;
    }

    /// <summary>The claimant lets the need go before the work starts: back to the board.</summary>
    public NeedRefusal? Release(string? note)
    {
        if (Status is not (NeedStatus.Claimed or NeedStatus.Accepted))
        {
            return NeedRefusal.Conflict(NeedNotReleasable, $"A need that is {Status} cannot be released.");
        }

        Reopen();
        ReleaseNote = note;
        return null;
    }

    /// <summary>The timer: accepted but not started in time, so the need goes back to the board.</summary>
    public NeedRefusal? TimeOutStart()
    {
        if (Status != NeedStatus.Accepted)
        {
            return NeedRefusal.Conflict(NeedNotAccepted, $"Only an accepted need times out; this one is {Status}.");
        }

        Reopen();
        return null;
    }

    /// <summary>The timer: a claim not accepted in time is raised to the grid worker, once per claim.</summary>
    public bool Escalate(DateTimeOffset now)
    {
        if (Status != NeedStatus.Claimed || EscalatedAt is not null)
        {
            return false;
        }

        EscalatedAt = now;
        return true;
    }

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

    /// <summary>The claimant reports the work done: each helper's hours (the volunteer, or the team's assigned members) and a note.</summary>
    public NeedRefusal? Complete(IReadOnlyList<HelperHours> helpers, string? note, DateTimeOffset now)
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

        Status = NeedStatus.Completed;
        CompletedAt = now;
        CompletionNote = note;
        Helpers = [.. helpers];
        return null;
    }

    /// <summary>The requester (or a grid worker for an assisted resident) confirms, with a rating of 1–5.</summary>
    public NeedRefusal? Confirm(NeedConfirmer by, Guid byId, int rating, string? comment, DateTimeOffset now)
    {
        if (Status != NeedStatus.Completed)
        {
            return NeedRefusal.Conflict(NeedNotCompleted, $"Only a completed need can be confirmed; this one is {Status}.");
        }

        SetConfirmed(by, byId, rating, now);
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

    /// <summary>An admin of the need's community resolves a dispute: confirmed (with other hours, if given) or cancelled.</summary>
    public NeedRefusal? ResolveDispute(bool confirmed, IReadOnlyList<HelperHours>? helpers, string? note, Guid by, DateTimeOffset now)
    {
        if (Status != NeedStatus.Disputed)
        {
            return NeedRefusal.Conflict(NeedNotDisputed, $"Only a disputed need can be resolved; this one is {Status}.");
        }

        if (confirmed && helpers is not null && HelpersOutsideTheClaim(helpers) is { } refusal)
        {
            return refusal;
        }

        ResolvedById = by;
        ResolutionNote = note;
        if (!confirmed)
        {
            Status = NeedStatus.Cancelled;
            CancelledAt = now;
            CancelledById = by;
            return null;
        }

        if (helpers is not null)
        {
            Helpers = [.. helpers];
        }

        SetConfirmed(NeedConfirmer.Admin, by, null, now);
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

    /// <summary>
    /// The team's leadership was handed over: a claim the previous leader made for the team, still
    /// being worked, is run by the new leader from now on. False when this need is not such a claim.
    /// </summary>
    public bool HandOverTeamClaim(Guid teamId, Guid previousLeader, Guid newLeader)
    {
        if (ClaimantKind != Contracts.Needs.ClaimantKind.Team || TeamId != teamId || ClaimedById != previousLeader
            || Status is not (NeedStatus.Claimed or NeedStatus.Accepted or NeedStatus.InProgress or NeedStatus.Completed or NeedStatus.Disputed))
        {
            return false;
        }

        ClaimedById = newLeader;
        return true;
    }

    /// <summary>Who may be reported as a helper: the volunteer who claimed, or the team's assigned members; no one for a merchant.</summary>
    public IReadOnlyList<Guid> AllowedHelpers => ClaimantKind switch
    {
        Contracts.Needs.ClaimantKind.Team => AssignedHelperIds,
        Contracts.Needs.ClaimantKind.Volunteer when ClaimedById is { } volunteer => [volunteer],
        _ => [],
    };

    private NeedRefusal? HelpersOutsideTheClaim(IReadOnlyList<HelperHours> helpers) =>
        helpers.All(h => AllowedHelpers.Contains(h.VolunteerId))
            ? null
            : NeedRefusal.Unprocessable(HelperNotAssigned, "Every helper must be the claiming volunteer or one of the team's assigned members; a merchant's work names none.");

    private void SetConfirmed(NeedConfirmer by, Guid? byId, int? rating, DateTimeOffset now)
    {
        Status = NeedStatus.Confirmed;
        ConfirmedAt = now;
        ConfirmedBy = by;
        ConfirmedById = byId;
        Rating = rating;
    }

    private void Reopen()
    {
        Status = NeedStatus.Open;
        ClaimantKind = null;
        ClaimantId = null;
        ClaimedById = null;
        TeamId = null;
        AssignedHelperIds = [];
        ClaimedAt = null;
        EscalatedAt = null;
        AcceptedAt = null;
        AcceptedById = null;
    }
}
