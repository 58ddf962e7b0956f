namespace Alliance.Notifications.Notices;

/// <summary>
/// One thing a person should hear about. It keeps ids and the facts its text needs (the need's title
/// as Needs gave it when the event came); the words are rendered when it is read, in the reader's
/// language, and a person's name is asked of Identity then, so an erased person is never named.
/// </summary>
internal sealed class Notification
{
    /// <summary>Room for any need title Needs accepts (100 characters), with margin.</summary>
    public const int MaxTitleLength = 200;

    private Notification()
    {
    }

    public Guid Id { get; private set; }

    public Guid RecipientId { get; private set; }

    /// <summary>One of <see cref="NoticeKinds"/>: stable, camelCase, on the wire.</summary>
    public string Kind { get; private set; } = "";

    public Guid? NeedId { get; private set; }

    /// <summary>The other person it is about (who claimed, who started), named when it is read.</summary>
    public Guid? OtherPersonId { get; private set; }

    public string? NeedTitle { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    public static Notification About(Guid recipient, string kind, Guid needId, string needTitle, Guid? otherPerson, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RecipientId = recipient,
        Kind = kind,
        NeedId = needId,
        NeedTitle = needTitle.Length > MaxTitleLength ? needTitle[..MaxTitleLength] : needTitle,
        OtherPersonId = otherPerson,
        CreatedAt = now,
    };

    /// <summary>The first reading counts; reading again changes nothing.</summary>
    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
