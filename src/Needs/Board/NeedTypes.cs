using Alliance.ServiceDefaults.Problems;

namespace Alliance.Needs.Board;

/// <summary>docs/domain.md, "A need's life".</summary>
internal enum NeedStatus
{
    Open,
    Claimed,
    Accepted,
    InProgress,
    Completed,
    Confirmed,
    Disputed,
    Cancelled,
    Expired,
}

/// <summary>Stored as its number, so the board sorts the most urgent first.</summary>
internal enum NeedUrgency
{
    Normal = 0,
    Urgent = 1,
    Emergency = 2,
}

/// <summary>One helper's hours on a need; night hours are part of the hours.</summary>
internal sealed record HelperHours(Guid VolunteerId, decimal Hours, decimal NightHours);

/// <summary>
/// Why a rule refused a change: the status to answer, a stable code, words for people and, where one
/// person is meant, their id as the detail. The need is unchanged.
/// </summary>
internal sealed record NeedRefusal(int Status, string Code, ProblemText Title, ProblemText? Detail = null)
{
    public static NeedRefusal Forbidden(string code, ProblemText title) => new(StatusCodes.Status403Forbidden, code, title);

    public static NeedRefusal Conflict(string code, ProblemText title) => new(StatusCodes.Status409Conflict, code, title);

    public static NeedRefusal Unprocessable(string code, ProblemText title, ProblemText? detail = null) => new(StatusCodes.Status422UnprocessableEntity, code, title, detail);
}

/// <summary>The stable codes of a need's rules.</summary>
internal static class NeedCodes
{
    public const string NeedNotFound = "need_not_found";
    public const string NeedAlreadyClaimed = "need_already_claimed";
    public const string NeedNotCancellable = "need_not_cancellable";
    public const string NeedNotClaimed = "need_not_claimed";
    public const string NeedNotReleasable = "need_not_releasable";
    public const string NeedNotAccepted = "need_not_accepted";
    public const string NeedNotInProgress = "need_not_in_progress";
    public const string NeedNotCompleted = "need_not_completed";
    public const string NeedNotDisputed = "need_not_disputed";
    public const string NeedNotOpen = "need_not_open";
    public const string HelpersFixed = "helpers_fixed";
    public const string NotATeamClaim = "not_a_team_claim";
    public const string NoHelpersAssigned = "no_helpers_assigned";
    public const string HelperNotAssigned = "helper_not_assigned";
    public const string HelpersRequired = "helpers_required";
    public const string MoreHelpersThanNeeded = "more_helpers_than_needed";
    public const string OwnNeed = "cannot_claim_own_need";
    public const string CannotHelpOwnNeed = "cannot_help_own_need";
    public const string CannotAcceptOwnClaim = "cannot_accept_own_claim";
    public const string CannotConfirmOwnWork = "cannot_confirm_own_work";
    public const string CannotResolveOwnWork = "cannot_resolve_own_work";
    public const string HoursBeyondElapsed = "hours_beyond_elapsed";
    public const string ResidentOutOfScope = "resident_out_of_scope";
    public const string NotResidentsPlace = "not_residents_place";
    public const string NotNeedRequester = "not_need_requester";
    public const string NotNeedClaimant = "not_need_claimant";
    public const string NotDisputeResolver = "not_dispute_resolver";
}

/// <summary>Why a need went back to the board, as <c>NeedReleased</c> says it.</summary>
internal static class NeedReleaseReasons
{
    public const string Claimant = "claimant";
    public const string Timeout = "timeout";
}
