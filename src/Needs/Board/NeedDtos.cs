namespace Alliance.Needs.Board;

/// <summary>What a resident sends to post a need (provisional: the requester will come from the token).</summary>
internal sealed record PostNeedRequest(string? Title, string? KindId, string? CommunityId);

internal sealed record NeedResponse(
    Guid Id,
    string Title,
    string KindId,
    string CommunityId,
    NeedStatus Status,
    DateTimeOffset PostedAt,
    Guid? ClaimantId,
    DateTimeOffset? ClaimedAt)
{
    public static NeedResponse From(Need need) =>
        new(need.Id, need.Title, need.KindId, need.CommunityId, need.Status, need.PostedAt, need.ClaimantId, need.ClaimedAt);
}
