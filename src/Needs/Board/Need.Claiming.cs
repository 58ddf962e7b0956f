using Alliance.Contracts.Needs;
using static Alliance.Needs.Board.NeedCodes;

namespace Alliance.Needs.Board;

/// <summary>A need's transitions from the board to the start of the work: claims, the helpers, the requester's answer, release and the claim's timers.</summary>
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
        if (OwnNeedRefusal(claimedBy) is { } own)
        {
            return own;
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
        CurrentClaim = NeedClaim.Start(Id, kind, claimantId, claimedBy, now);
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

        if (memberIds.Where(IsOwnNeedOf).Select(id => (Guid?)id).FirstOrDefault() is { } own)
        {
            return NeedRefusal.Unprocessable(CannotHelpOwnNeed, "The need's requester, or whoever posted it for them, cannot be one of its helpers.", own.ToString());
        }

        AssignedHelperIds = [.. memberIds.Distinct()];
        return null;
    }

    /// <summary>The requester (or a grid worker for an assisted resident) accepts the claimant; never someone on the claimant's side.</summary>
    public NeedRefusal? Accept(NeedActor by, DateTimeOffset now)
    {
        if (Status != NeedStatus.Claimed)
        {
            return NeedRefusal.Conflict(NeedNotClaimed, $"Only a claimed need can be accepted; this one is {Status}.");
        }

        if (IsClaimantSide(by))
        {
            return NeedRefusal.Unprocessable(CannotAcceptOwnClaim, "You are on the claimant's side of this need; the requester, or another grid worker or admin of its place, accepts it.");
        }

        Status = NeedStatus.Accepted;
        AcceptedAt = now;
        CurrentClaim?.Accepted(now);
        AcceptedById = by.Id;
        return null;
    }

    /// <summary>The requester declines the claimant: the need goes back to the board.</summary>
    public NeedRefusal? Decline(DateTimeOffset now)
    {
        if (Status != NeedStatus.Claimed)
        {
            return NeedRefusal.Conflict(NeedNotClaimed, $"Only a claimed need can be declined; this one is {Status}.");
        }

        Reopen(ClaimOutcome.Declined, now);
        return null;
    }

    /// <summary>The claimant lets the need go before the work starts: back to the board.</summary>
    public NeedRefusal? Release(string? note, DateTimeOffset now)
    {
        if (Status is not (NeedStatus.Claimed or NeedStatus.Accepted))
        {
            return NeedRefusal.Conflict(NeedNotReleasable, $"A need that is {Status} cannot be released.");
        }

        Reopen(ClaimOutcome.Released, now);
        ReleaseNote = note;
        return null;
    }

    /// <summary>The timer: accepted but not started in time, so the need goes back to the board.</summary>
    public NeedRefusal? TimeOutStart(DateTimeOffset now)
    {
        if (Status != NeedStatus.Accepted)
        {
            return NeedRefusal.Conflict(NeedNotAccepted, $"Only an accepted need times out; this one is {Status}.");
        }

        Reopen(ClaimOutcome.TimedOut, now);
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

    /// <summary>
    /// The team's leadership changed: a claim made for the team, still being worked, is run by its
    /// leader now (whoever Teams says leads it, however the handovers arrived). False when this need
    /// is not such a claim, or its leader runs it already.
    /// </summary>
    public bool FollowTeamLeader(Guid teamId, Guid leader)
    {
        if (ClaimantKind != Contracts.Needs.ClaimantKind.Team || TeamId != teamId || ClaimedById == leader
            || Status is not (NeedStatus.Claimed or NeedStatus.Accepted or NeedStatus.InProgress or NeedStatus.Completed or NeedStatus.Disputed))
        {
            return false;
        }

        ClaimedById = leader;
        return true;
    }

    private void Reopen(ClaimOutcome outcome, DateTimeOffset now)
    {
        CurrentClaim?.End(outcome, now);
        CurrentClaim = null;
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
