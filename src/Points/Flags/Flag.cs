namespace Alliance.Points.Flags;

internal enum FlagKind
{
    /// <summary>One resident confirmed more than <c>Points:Flags:PairMonthlyLimit</c> needs of one volunteer in a month.</summary>
    RepeatPair,

    /// <summary>Five stars for a need that could not have been done in the time it took.</summary>
    FastFiveStar,
}

/// <summary>Something for an admin to look at. Points still credit: a flag never blocks (issue 15, "Anti-gaming").</summary>
internal sealed class Flag
{
    private Flag()
    {
    }

    public Guid Id { get; private set; }

    public FlagKind Kind { get; private set; }

    /// <summary>What it is about, once per kind: the pair and month, or the need and helper.</summary>
    public string Key { get; private set; } = "";

    public Guid VolunteerId { get; private set; }

    public Guid? RequesterId { get; private set; }

    public Guid? NeedId { get; private set; }

    public string? CommunityId { get; private set; }

    /// <summary>The figures that raised it, as JSON.</summary>
    public string Detail { get; private set; } = "{}";

    public DateTimeOffset RaisedAt { get; private set; }

    public static Flag Raise(FlagKind kind, string key, Guid volunteerId, Guid? requesterId, Guid? needId, string? communityId, string detail, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            Key = key,
            VolunteerId = volunteerId,
            RequesterId = requesterId,
            NeedId = needId,
            CommunityId = communityId,
            Detail = detail,
            RaisedAt = now,
        };

    public void Anonymise(Guid anonymousId) => VolunteerId = anonymousId;
}

/// <summary>A confirmed need's helper, as the flags need it: who confirmed whose work, when, how fast and with what rating.</summary>
internal sealed class NeedConfirmation
{
    public Guid NeedId { get; set; }

    public Guid VolunteerId { get; set; }

    public Guid RequesterId { get; set; }

    /// <summary>The month (Asia/Shanghai) of the confirmation, <c>yyyy-MM</c>.</summary>
    public string Month { get; set; } = "";

    public int? Rating { get; set; }

    public DateTimeOffset ConfirmedAt { get; set; }
}
