using Alliance.Contracts.Needs;
using Alliance.ServiceDefaults.OpenApi;

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

/// <summary>One helper's hours, as a need shows them.</summary>
internal sealed record HelperHoursResponse(Guid VolunteerId, decimal Hours, decimal NightHours);

/// <summary>
/// One need. <c>address</c>, <c>building</c> and <c>phone</c> (the requester's mobile) are null
/// except for those docs/domain.md lets see them; <c>requesterId</c> is shown to the requester's side only.
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
    DateTimeOffset? ExpiredAt)
{
    public static NeedResponse From(Need need, bool showRequester, NeedContact? contact = null) => new(
        need.Id, showRequester ? need.RequesterId : null, need.IsAssisted, need.Title, need.Description, need.KindId, need.CommunityId, need.GridId,
        contact?.Building, contact?.Address, contact?.Phone, need.Urgency, need.WantedFrom, need.WantedUntil, need.HelpersNeeded, need.RequiredSkills,
        need.Wish, need.Status, need.PostedAt, need.ClaimantKind, need.ClaimantId, need.TeamId, need.AssignedHelperIds, need.ClaimedAt,
        need.AcceptedAt, need.StartedAt, need.CompletedAt, [.. need.Helpers.Select(h => new HelperHoursResponse(h.VolunteerId, h.Hours, h.NightHours))],
        need.ConfirmedAt, need.ConfirmedBy, need.Rating, need.DisputedAt, need.CancelledAt, need.ExpiredAt);
}

/// <summary>Where and whom to go to: only for those docs/domain.md names ("Address and phone").</summary>
internal sealed record NeedContact(string Address, string? Building, string? Phone);

/// <summary>A need on a list: community and grid, never the address or a phone, and no one's id.</summary>
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
    bool? ForYou)
{
    public static NeedSummary From(Need need, bool? forYou = null) => new(
        need.Id, need.Title, need.Description, need.KindId, need.CommunityId, need.GridId, need.Urgency, need.WantedFrom, need.WantedUntil,
        need.HelpersNeeded, need.RequiredSkills, need.Wish, need.Status, need.PostedAt, forYou);
}
