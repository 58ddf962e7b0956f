using Alliance.Contracts.Needs;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;

namespace Alliance.Needs.Board;

/// <summary>
/// What is sent to post a need. The requester is the caller, unless a grid worker (or an admin of
/// the need's place) posts for an assisted resident, named by <c>requesterId</c>.
/// </summary>
[RequestExample("""{ "title": "老座钟坏了，请懂行的邻居帮忙", "description": "客厅的老座钟停了，想请人看看。", "kindId": "home_repair", "communityId": "xintang", "gridId": "xintang-01", "building": "新塘新村4幢", "address": "新塘新村4幢2单元301室", "urgency": "normal", "wantedFrom": "2030-05-01T09:00:00+08:00", "wantedUntil": "2030-05-08T18:00:00+08:00", "helpersNeeded": 1 }""")]
internal sealed record PostNeedRequest(
    [RequiredField] string? Title,
    string? Description,
    [RequiredField] string? KindId,
    [RequiredField] string? CommunityId,
    [RequiredField] string? GridId,
    string? Building,
    [RequiredField] string? Address,
    string? Urgency,
    [RequiredField] DateTimeOffset? WantedFrom,
    [RequiredField] DateTimeOffset? WantedUntil,
    int? HelpersNeeded,
    List<string>? RequiredSkills,
    string? Wish,
    Guid? RequesterId);

/// <summary>One helper's hours, as the claimant (or an admin resolving a dispute) reports them.</summary>
internal sealed record HelperHoursRequest([RequiredField] Guid? VolunteerId, [RequiredField] decimal? Hours, decimal? NightHours);

/// <summary>One helper's hours, as a need shows them; the name only to those who may see the need's people.</summary>
internal sealed record HelperHoursResponse(Guid VolunteerId, string? VolunteerName, decimal Hours, decimal NightHours);

/// <summary>A volunteer who goes (or went) to help; the name only to those who may see the need's people.</summary>
internal sealed record HelperView(Guid VolunteerId, string? VolunteerName);

/// <summary>
/// One need. <c>address</c>, <c>building</c> and <c>phone</c> (the requester's mobile) are null
/// except for those docs/domain.md lets see them; <c>requesterId</c> is shown to the requester's side only.
/// The people's names (<c>claimantName</c> for a volunteer's claim, <c>claimedById</c> and <c>claimedByName</c>
/// for the person who claimed, the helpers') only to the requester's side, from the claim on, and to the
/// claimant's side (<see cref="NeedPolicies.People"/>); null for anyone else.
/// </summary>
internal sealed record NeedResponse(
    Guid Id,
    Guid? RequesterId,
    bool Assisted,
    string Title,
    string? Description,
    string KindId,
    string CommunityId,
    string GridId,
    string? Building,
    string? Address,
    string? Phone,
    NeedUrgency Urgency,
    DateTimeOffset WantedFrom,
    DateTimeOffset WantedUntil,
    int HelpersNeeded,
    IReadOnlyList<string> RequiredSkills,
    string? Wish,
    NeedStatus Status,
    DateTimeOffset PostedAt,
    ClaimantKind? ClaimantKind,
    Guid? ClaimantId,
    Guid? TeamId,
    IReadOnlyList<Guid> AssignedHelperIds,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<HelperHoursResponse> Helpers,
    DateTimeOffset? ConfirmedAt,
    NeedConfirmer? ConfirmedBy,
    int? Rating,
    DateTimeOffset? DisputedAt,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? ExpiredAt,
    string? ClaimantName,
    Guid? ClaimedById,
    string? ClaimedByName,
    IReadOnlyList<HelperView> AssignedHelpers)
{
    /// <summary>The answer; <paramref name="names"/> only for a caller who may see the need's people.</summary>
    public static NeedResponse From(Need need, bool showRequester, NeedContact? contact = null, NameBook? names = null) => new(
        need.Id, showRequester ? need.RequesterId : null, need.IsAssisted, need.Title, need.Description, need.KindId, need.CommunityId, need.GridId,
        contact?.Building, contact?.Address, contact?.Phone, need.Urgency, need.WantedFrom, need.WantedUntil, need.HelpersNeeded, need.RequiredSkills,
        need.Wish, need.Status, need.PostedAt, need.ClaimantKind, need.ClaimantId, need.TeamId, need.AssignedHelperIds, need.ClaimedAt,
        need.AcceptedAt, need.StartedAt, need.CompletedAt, [.. need.Helpers.Select(h => new HelperHoursResponse(h.VolunteerId, names?.NameOf(h.VolunteerId), h.Hours, h.NightHours))],
        need.ConfirmedAt, need.ConfirmedBy, need.Rating, need.DisputedAt, need.CancelledAt, need.ExpiredAt,
        need.ClaimantKind == Contracts.Needs.ClaimantKind.Volunteer ? names?.NameOf(need.ClaimantId) : null,
        names is null ? null : need.ClaimedById,
        names?.NameOf(need.ClaimedById),
        [.. need.AssignedHelperIds.Select(id => new HelperView(id, names?.NameOf(id)))]);
}

/// <summary>Where and whom to go to: only for those docs/domain.md names ("Address and phone").</summary>
internal sealed record NeedContact(string Address, string? Building, string? Phone);

/// <summary>
/// A need on a list: community and grid, never the address or a phone, and no one's id. On a volunteer's
/// own view, <c>forYou</c> (their grid or skills) and <c>fitsAvailability</c> (the wanted window meets their weekly availability).
/// </summary>
internal sealed record NeedSummary(
    Guid Id,
    string Title,
    string? Description,
    string KindId,
    string CommunityId,
    string GridId,
    NeedUrgency Urgency,
    DateTimeOffset WantedFrom,
    DateTimeOffset WantedUntil,
    int HelpersNeeded,
    IReadOnlyList<string> RequiredSkills,
    string? Wish,
    NeedStatus Status,
    DateTimeOffset PostedAt,
    bool? ForYou,
    bool? FitsAvailability)
{
    public static NeedSummary From(Need need, bool? forYou = null, bool? fitsAvailability = null) => new(
        need.Id, need.Title, need.Description, need.KindId, need.CommunityId, need.GridId, need.Urgency, need.WantedFrom, need.WantedUntil,
        need.HelpersNeeded, need.RequiredSkills, need.Wish, need.Status, need.PostedAt, forYou, fitsAvailability);
}

/// <summary>
/// One of the caller's own needs: as on the board, with who claimed it (from the claim on) and who is
/// helping (from acceptance on: the volunteer, the team's assigned members, or the helpers the completion
/// named; none for a merchant, whose staff member is <c>claimedBy</c>).
/// </summary>
internal sealed record MyNeedSummary(
    Guid Id,
    string Title,
    string? Description,
    string KindId,
    string CommunityId,
    string GridId,
    NeedUrgency Urgency,
    DateTimeOffset WantedFrom,
    DateTimeOffset WantedUntil,
    int HelpersNeeded,
    IReadOnlyList<string> RequiredSkills,
    string? Wish,
    NeedStatus Status,
    DateTimeOffset PostedAt,
    ClaimantKind? ClaimantKind,
    Guid? ClaimantId,
    Guid? ClaimedById,
    string? ClaimedByName,
    IReadOnlyList<HelperView> Helping)
{
    public static MyNeedSummary From(Need need, NameBook names) => new(
        need.Id, need.Title, need.Description, need.KindId, need.CommunityId, need.GridId, need.Urgency, need.WantedFrom, need.WantedUntil,
        need.HelpersNeeded, need.RequiredSkills, need.Wish, need.Status, need.PostedAt, need.ClaimantKind, need.ClaimantId, need.ClaimedById,
        names.NameOf(need.ClaimedById), [.. need.Helping.Select(id => new HelperView(id, names.NameOf(id)))]);

    /// <summary>Every person a page of the caller's needs names, for one lookup of names.</summary>
    public static IEnumerable<Guid> PeopleOf(IEnumerable<Need> needs) =>
        needs.SelectMany(n => n.Helping.Append(n.ClaimedById ?? Guid.Empty));
}
