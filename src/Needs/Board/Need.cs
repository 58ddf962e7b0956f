using Alliance.Contracts.Needs;

namespace Alliance.Needs.Board;

/// <summary>
/// A need on the street-wide board, posted for a resident (the requester): by the resident, or by a
/// grid worker for an assisted resident (<see cref="PostedById"/>). Its life is in Need.Claiming.cs and
/// Need.Lifecycle.cs; who may take which side of it, in Need.Parties.cs.
/// </summary>
internal sealed partial class Need
{
    private Need()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequesterId { get; private set; }

    public Guid PostedById { get; private set; }

    /// <summary>Posted by someone else for a resident who is not online.</summary>
    public bool IsAssisted => PostedById != RequesterId;

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public string KindId { get; private set; } = "";

    public string CommunityId { get; private set; } = "";

    public string GridId { get; private set; } = "";

    public string? Building { get; private set; }

    /// <summary>Private: docs/domain.md, "Address and phone".</summary>
    public string Address { get; private set; } = "";

    public NeedUrgency Urgency { get; private set; }

    public DateTimeOffset WantedFrom { get; private set; }

    public DateTimeOffset WantedUntil { get; private set; }

    /// <summary>Where the wanted window starts in its week (minutes after Monday 00:00, Asia/Shanghai), for the availability rule.</summary>
    public int WantedWeekMinute { get; private set; }

    /// <summary>The wanted window's length in minutes, at most a week (a longer one meets every weekly slot).</summary>
    public int WantedMinutes { get; private set; }

    public int HelpersNeeded { get; private set; }

    public List<string> RequiredSkills { get; private set; } = [];

    /// <summary>The small material wish of a micro-wish (微心愿); null for other kinds.</summary>
    public string? Wish { get; private set; }

    public NeedStatus Status { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    public ClaimantKind? ClaimantKind { get; private set; }

    /// <summary>The volunteer, or the team.</summary>
    public Guid? ClaimantId { get; private set; }

    /// <summary>The person who claimed: the volunteer, or the team's leader.</summary>
    public Guid? ClaimedById { get; private set; }

    public Guid? TeamId { get; private set; }

    /// <summary>The claim that stands, kept as a row of its own so that it outlives a release (null while open).</summary>
    public NeedClaim? CurrentClaim { get; private set; }

    /// <summary>The team's members the leader assigned; empty for a volunteer's claim.</summary>
    public List<Guid> AssignedHelperIds { get; private set; } = [];

    public DateTimeOffset? ClaimedAt { get; private set; }

    public DateTimeOffset? EscalatedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public Guid? AcceptedById { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string? CompletionNote { get; private set; }

    public List<HelperHours> Helpers { get; private set; } = [];

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public NeedConfirmer? ConfirmedBy { get; private set; }

    public Guid? ConfirmedById { get; private set; }

    public int? Rating { get; private set; }

    public string? RatingComment { get; private set; }

    public DateTimeOffset? DisputedAt { get; private set; }

    public Guid? DisputedById { get; private set; }

    public string? DisputeReason { get; private set; }

    public Guid? ResolvedById { get; private set; }

    public string? ResolutionNote { get; private set; }

    /// <summary>The claimant's words when they last let the need go; they stay in Needs.</summary>
    public string? ReleaseNote { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public Guid? CancelledById { get; private set; }

    public DateTimeOffset? ExpiredAt { get; private set; }

    public uint Version { get; private set; }

    /// <summary>Posts a checked draft for the requester; <paramref name="postedById"/> is the requester, or the grid worker who assists them.</summary>
    public static Need Post(NeedDraft draft, Guid requesterId, Guid postedById, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RequesterId = requesterId,
        PostedById = postedById,
        Title = draft.Title,
        Description = draft.Description,
        KindId = draft.KindId,
        CommunityId = draft.CommunityId,
        GridId = draft.GridId,
        Building = draft.Building,
        Address = draft.Address,
        Urgency = draft.Urgency,
        WantedFrom = draft.WantedFrom,
        WantedUntil = draft.WantedUntil,
        WantedWeekMinute = WeeklyAvailability.WeekMinuteOf(draft.WantedFrom),
        WantedMinutes = WeeklyAvailability.MinutesOf(draft.WantedFrom, draft.WantedUntil),
        HelpersNeeded = draft.HelpersNeeded,
        RequiredSkills = [.. draft.RequiredSkills],
        Wish = draft.Wish,
        Status = NeedStatus.Open,
        PostedAt = now,
    };

    /// <summary>
    /// The claimant's side of the address and phone, from acceptance on: the volunteer, or the team's
    /// leader who claimed and its assigned members (docs/domain.md, "Address and phone").
    /// </summary>
    public bool IsClaimantSideFromAcceptance(Guid accountId) =>
        IsAcceptedOrLater && (ClaimedById == accountId || AssignedHelperIds.Contains(accountId));

    /// <summary>
    /// Who is helping, from acceptance on: the helpers the completion named, or else those who may be named
    /// (the volunteer, or the team's assigned members); no one for a merchant.
    /// </summary>
    public IReadOnlyList<Guid> Helping => !IsAcceptedOrLater ? [] : Helpers.Count > 0 ? [.. Helpers.Select(h => h.VolunteerId)] : AllowedHelpers;

    /// <summary>Every person this need names beside its requester, for one lookup of names.</summary>
    public IEnumerable<Guid> People =>
        AssignedHelperIds.Concat(Helpers.Select(h => h.VolunteerId)).Append(ClaimedById ?? Guid.Empty).Append(ClaimantKind == Contracts.Needs.ClaimantKind.Volunteer ? ClaimantId ?? Guid.Empty : Guid.Empty);

    /// <summary>The requester has accepted the claimant, and the claim still stands.</summary>
    public bool IsAcceptedOrLater =>
        Status is NeedStatus.Accepted or NeedStatus.InProgress or NeedStatus.Completed or NeedStatus.Confirmed or NeedStatus.Disputed;
}
