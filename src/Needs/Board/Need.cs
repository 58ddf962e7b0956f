using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Needs.Board;

internal enum NeedStatus
{
    Open,
    Claimed,
    Cancelled,
}

/// <summary>
/// A need on the street-wide board, posted by a resident (the requester, from the token).
/// Provisional shape: the needs issue adds the address, urgency, the wanted window, acceptance and
/// the rest of a need's life.
/// </summary>
internal sealed class Need
{
    public const int MaxTitleLength = 100;

    private Need()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequesterId { get; private set; }

    public string Title { get; private set; } = "";

    public string KindId { get; private set; } = "";

    public string CommunityId { get; private set; } = "";

    public NeedStatus Status { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    public Guid? ClaimantId { get; private set; }

    public DateTimeOffset? ClaimedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public uint Version { get; private set; }

    public static FieldErrors Check(string? title, string? kindId, string? communityId)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(title), "title", "required"))
        {
            errors.Check(title!.Trim().Length <= MaxTitleLength, "title", "too_long");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(kindId), "kindId", "required"))
        {
            errors.Check(ReferenceData.Current.IsKind(kindId), "kindId", "unknown_kind");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required"))
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        return errors;
    }

    public static Need Post(Guid requesterId, string title, string kindId, string communityId, DateTimeOffset now)
    {
        if (!Check(title, kindId, communityId).IsEmpty)
        {
            throw new ArgumentException("A need must be checked before it is posted.", nameof(title));
        }

        return new Need
        {
            Id = Guid.CreateVersion7(now),
            RequesterId = requesterId,
            Title = title.Trim(),
            KindId = kindId,
            CommunityId = communityId,
            Status = NeedStatus.Open,
            PostedAt = now,
        };
    }

    public bool CanBeClaimed => Status == NeedStatus.Open;

    /// <summary>A resident cannot take on their own need.</summary>
    public bool IsRequestedBy(Guid accountId) => RequesterId == accountId;

    /// <summary>Takes the need for a volunteer; false when it is no longer open.</summary>
    public bool Claim(Guid volunteerId, DateTimeOffset now)
    {
        if (!CanBeClaimed)
        {
            return false;
        }

        Status = NeedStatus.Claimed;
        ClaimantId = volunteerId;
        ClaimedAt = now;
        return true;
    }

    /// <summary>The requester withdraws the need before it is done; false once it is cancelled already.</summary>
    public bool Cancel(DateTimeOffset now)
    {
        if (Status is not (NeedStatus.Open or NeedStatus.Claimed))
        {
            return false;
        }

        Status = NeedStatus.Cancelled;
        CancelledAt = now;
        return true;
    }
}
