namespace Alliance.Notifications.Notices;

/// <summary>What a notification is about: a need, an activity, a team, an offer, a points entry.</summary>
internal static class SubjectTypes
{
    public const string Need = "need";
    public const string Activity = "activity";
    public const string Team = "team";
    public const string Offer = "offer";
    public const string Redemption = "redemption";
    public const string Points = "points";
    public const string Pairing = "pairing";
}

/// <summary>
/// One thing a person should hear about. It keeps ids and the facts its text needs (a need's title,
/// an activity's time, an amount of points, as their services gave them when the event came); the
/// words are rendered when it is read, in the reader's language, and a person's name is asked of
/// Identity then, so an erased person is never named.
/// </summary>
internal sealed class Notification
{
    /// <summary>Room for any title the other services accept (100 characters), with margin.</summary>
    public const int MaxTitleLength = 200;

    private Notification()
    {
    }

    public Guid Id { get; private set; }

    public Guid RecipientId { get; private set; }

    /// <summary>One of <see cref="NoticeKinds"/>: stable, camelCase, on the wire.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>One of <see cref="SubjectTypes"/>.</summary>
    public string SubjectType { get; private set; } = "";

    public Guid SubjectId { get; private set; }

    /// <summary>The other person it is about (who claimed, who asked to join), named when it is read.</summary>
    public Guid? OtherPersonId { get; private set; }

    /// <summary>The subject's title (a need's, an activity's, an offer's), when its text needs one.</summary>
    public string? Title { get; private set; }

    /// <summary>A time the text names: when an activity starts, when points expire.</summary>
    public DateTimeOffset? At { get; private set; }

    /// <summary>A number the text names: points credited or expiring.</summary>
    public int? Amount { get; private set; }

    /// <summary>An emergency need and its escalations: quiet hours do not hold it.</summary>
    public bool Urgent { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    /// <summary>The need's id, when it is about a need (the inbox shows it as <c>needId</c>).</summary>
    public Guid? NeedId => SubjectType == SubjectTypes.Need ? SubjectId : null;

    public static Notification Create(Guid recipient, string kind, NoticeFacts facts, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RecipientId = recipient,
        Kind = kind,
        SubjectType = facts.SubjectType,
        SubjectId = facts.SubjectId,
        OtherPersonId = facts.OtherPerson is { } other && other != Guid.Empty ? other : null,
        Title = facts.Title is { Length: > MaxTitleLength } title ? title[..MaxTitleLength] : facts.Title,
        At = facts.At,
        Amount = facts.Amount,
        Urgent = facts.Urgent,
        CreatedAt = now,
    };

    /// <summary>The first reading counts; reading again changes nothing.</summary>
    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>The subject of a notification and the facts its text needs, as a consumer gathered them.</summary>
internal sealed record NoticeFacts(string SubjectType, Guid SubjectId)
{
    public Guid? OtherPerson { get; init; }

    public string? Title { get; init; }

    public DateTimeOffset? At { get; init; }

    public int? Amount { get; init; }

    public bool Urgent { get; init; }
}
