namespace Alliance.Points.Flags;

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

/// <summary>An attendee's confirmed activity hours, as the flags need them: how many credits a volunteer got lately, and a team's usual hours.</summary>
internal sealed class ActivityConfirmation
{
    public Guid ActivityId { get; set; }

    public Guid VolunteerId { get; set; }

    public Guid TeamId { get; set; }

    public string CommunityId { get; set; } = "";

    public decimal Hours { get; set; }

    /// <summary>When the hours were confirmed (the event's time), not the activity's day.</summary>
    public DateTimeOffset ConfirmedAt { get; set; }
}

/// <summary>
/// When an account was made, from Identity's <c>AccountCreated</c>: the age of a need's requester.
/// An account Points never heard of (made before Points listened) counts as old.
/// </summary>
internal sealed class KnownAccount
{
    public Guid AccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool Assisted { get; set; }
}
