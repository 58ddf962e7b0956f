using static Alliance.Needs.Board.NeedCodes;

namespace Alliance.Needs.Board;

/// <summary>
/// Who stands where on a need, so that no one vouches for themselves: the requester's side never takes
/// the need on, and the claimant's side never accepts, confirms or resolves its own work; and hours
/// that fit the time the work took.
/// </summary>
internal sealed partial class Need
{
    /// <summary>The resident it is for, or the grid worker or admin who posted it for them: neither takes it on.</summary>
    public bool IsOwnNeedOf(Guid accountId) => RequesterId == accountId || PostedById == accountId;

    /// <summary>Why <paramref name="accountId"/> may not claim this need (for themselves, a team they lead or a merchant), or null.</summary>
    public NeedRefusal? OwnNeedRefusal(Guid accountId) => IsOwnNeedOf(accountId)
        ? NeedRefusal.Unprocessable(OwnNeed, "You cannot claim a need that is yours or that you posted for a resident.")
        : null;

    /// <summary>
    /// Whoever claimed or does the work: the volunteer, or for a team the leader who claimed and the
    /// assigned members, any staff of a claiming merchant, and every helper the completion names.
    /// </summary>
    public bool IsClaimantSide(NeedActor actor) =>
        ClaimedById == actor.Id
        || AssignedHelperIds.Contains(actor.Id)
        || Helpers.Any(h => h.VolunteerId == actor.Id)
        || (ClaimantKind == Contracts.Needs.ClaimantKind.Merchant && ClaimantId is { } merchant && actor.StaffOf.Contains(merchant));

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

    /// <summary>
    /// Each helper's hours are at most the time from the start to the end of the work, plus an allowance
    /// (a helper who set out before the claimant pressed start); the first helper beyond it is named.
    /// </summary>
    private static NeedRefusal? HoursBeyondTheTime(IReadOnlyList<HelperHours> helpers, DateTimeOffset started, DateTimeOffset ended, TimeSpan allowance)
    {
        var most = (decimal)(ended - started + allowance).TotalHours;
        return helpers.FirstOrDefault(h => h.Hours > most) is { } beyond
            ? NeedRefusal.Unprocessable(
                HoursBeyondElapsed,
                $"Helper {beyond.VolunteerId} reports {beyond.Hours} h, more than the {Math.Max(0, most):0.##} h since the work started (with the allowance).",
                beyond.VolunteerId.ToString())
            : null;
    }
}
