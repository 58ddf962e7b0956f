namespace Alliance.Needs.Board;

/// <summary>What a resident sends to post a need; the requester is the caller (provisional: the needs issue adds the rest).</summary>
internal sealed record PostNeedRequest(string? Title, string? KindId, string? CommunityId);

internal sealed record NeedResponse(
    Guid Id,
    Guid RequesterId,
    string Title,
    string KindId,
    string CommunityId,
    NeedStatus Status,
    DateTimeOffset PostedAt,
    Guid? ClaimantId,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? CancelledAt)
{
    public static NeedResponse From(Need need) =>
        new(need.Id, need.RequesterId, need.Title, need.KindId, need.CommunityId, need.Status, need.PostedAt, need.ClaimantId, need.ClaimedAt, need.CancelledAt);
}
