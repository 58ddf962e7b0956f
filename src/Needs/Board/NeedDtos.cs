namespace Alliance.Needs.Board;

/// <summary>What a resident sends to post a need; the requester is the caller (provisional: the needs issue adds the rest).</summary>
internal sealed record PostNeedRequest(string? Title, string? KindId, string? CommunityId);

internal sealed record NeedResponse(
    Guid Id,
    Guid? RequesterId,
    string Title,
    string KindId,
    string CommunityId,
    NeedStatus Status,
    DateTimeOffset PostedAt,
    Guid? ClaimantId,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? CancelledAt)
{
    /// <summary>The board names no one: the requester's id only to the requester and admins of the need's scope.</summary>
    public static NeedResponse From(Need need, bool showRequester) =>
        new(need.Id, showRequester ? need.RequesterId : null, need.Title, need.KindId, need.CommunityId, need.Status, need.PostedAt, need.ClaimantId, need.ClaimedAt, need.CancelledAt);
}
