namespace Alliance.Points.Flags;

internal enum FlagKind
{
    /// <summary>One resident confirmed more than <c>Points:Flags:PairMonthlyLimit</c> needs of one volunteer in a month: each one beyond.</summary>
    RepeatPair,

    /// <summary>Five stars for a need that could not have been done in the time it took.</summary>
    FastFiveStar,

    /// <summary>More than <c>ActivityBurstLimit</c> activity credits to one volunteer within <c>ActivityBurstWindow</c>: each one beyond.</summary>
    ActivityBurst,

    /// <summary>An attendee's hours more than <c>TeamUsualFactor</c> times the team's usual (the median of its recent activity credits).</summary>
    AboveTeamUsual,

    /// <summary>A need the timer confirmed (no one vouched) with more than <c>TimerHoursLimit</c> hours for a helper.</summary>
    TimerManyHours,

    /// <summary>A need whose requester's account was younger than <c>NewRequesterAge</c> when it was claimed.</summary>
    NewRequester,
}

internal enum FlagStatus
{
    Open,
    Dismissed,
    Upheld,
}

/// <summary>
/// Something for a street admin to look at, about one credit (the source and the volunteer). Points
/// still credit: a flag never blocks. The admin dismisses it or upholds it, with a reason; an upheld
/// flag's credit is taken back by an adjustment of its own (<see cref="ReversalId"/>).
/// </summary>
internal sealed class Flag
{
    public const int MaxReasonLength = 500;

    private Flag()
    {
    }

    public Guid Id { get; private set; }

    public FlagKind Kind { get; private set; }

    /// <summary>What it is about, once per kind: the source and the volunteer (older flags: the pair and month).</summary>
    public string Key { get; private set; } = "";

    public Guid VolunteerId { get; private set; }

    public Guid? RequesterId { get; private set; }

    public Guid? NeedId { get; private set; }

    /// <summary>The need or activity whose credit this flag is about. Null only on a flag an older replica raised: then <see cref="NeedId"/>.</summary>
    public Guid? SourceId { get; private set; }

    public Guid? TeamId { get; private set; }

    public string? CommunityId { get; private set; }

    /// <summary>The figures that raised it, as JSON.</summary>
    public string Detail { get; private set; } = "{}";

    public DateTimeOffset RaisedAt { get; private set; }

    public FlagStatus Status { get; private set; }

    public Guid? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecisionReason { get; private set; }

    /// <summary>The adjustment that took the credit back, when upholding found something left to take.</summary>
    public Guid? ReversalId { get; private set; }

    public Guid CreditSource => SourceId ?? NeedId ?? Guid.Empty;

    public static Flag ForNeed(FlagKind kind, Guid needId, Guid volunteerId, Guid requesterId, Guid? teamId, string communityId, string detail, DateTimeOffset now) =>
        Raise(kind, needId, volunteerId, requesterId, needId, teamId, communityId, detail, now);

    public static Flag ForActivity(FlagKind kind, Guid activityId, Guid volunteerId, Guid teamId, string communityId, string detail, DateTimeOffset now) =>
        Raise(kind, activityId, volunteerId, null, null, teamId, communityId, detail, now);

    /// <summary>Dismisses or upholds an open flag; false (nothing changes) when it was already decided.</summary>
    public bool Decide(FlagStatus outcome, string reason, Guid admin, DateTimeOffset now)
    {
        if (Status != FlagStatus.Open || outcome == FlagStatus.Open)
        {
            return false;
        }

        Status = outcome;
        DecisionReason = reason;
        DecidedBy = admin;
        DecidedAt = now;
        return true;
    }

    public void RecordReversal(Guid reversalId) => ReversalId = Status == FlagStatus.Upheld
        ? reversalId
        : throw new InvalidOperationException($"Flag {Id} is {Status}: only an upheld flag takes its credit back.");

    private static Flag Raise(
        FlagKind kind, Guid sourceId, Guid volunteerId, Guid? requesterId, Guid? needId, Guid? teamId, string communityId, string detail, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            Key = $"{sourceId}:{volunteerId}",
            VolunteerId = volunteerId,
            RequesterId = requesterId,
            NeedId = needId,
            SourceId = sourceId,
            TeamId = teamId,
            CommunityId = communityId,
            Detail = detail,
            RaisedAt = now,
            Status = FlagStatus.Open,
        };
}
