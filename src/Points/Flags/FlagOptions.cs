namespace Alliance.Points.Flags;

/// <summary><c>Points:Flags</c>: the thresholds of the anti-gaming flags, and each threshold's rule.</summary>
internal sealed class FlagOptions
{
    public const string Section = "Points:Flags";

    /// <summary>More confirmed needs than this between one resident and one volunteer in a month raises a flag.</summary>
    public int PairMonthlyLimit { get; set; } = 4;

    /// <summary>Five stars confirmed sooner than this after the work started raises a flag.</summary>
    public TimeSpan FiveStarMinimumDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>More activity credits than this to one volunteer within <see cref="ActivityBurstWindow"/> raises a flag on each one beyond.</summary>
    public int ActivityBurstLimit { get; set; } = 3;

    public TimeSpan ActivityBurstWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>An attendee's hours more than this many times the team's median raise a flag.</summary>
    public decimal TeamUsualFactor { get; set; } = 3m;

    /// <summary>The team's usual is known only from at least this many of its activity credits within <see cref="TeamUsualLookback"/>.</summary>
    public int TeamUsualMinimumSample { get; set; } = 5;

    public TimeSpan TeamUsualLookback { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A need the timer confirmed with more hours than this for one helper raises a flag.</summary>
    public decimal TimerHoursLimit { get; set; } = 3m;

    /// <summary>A need claimed sooner than this after its requester's account was made raises a flag.</summary>
    public TimeSpan NewRequesterAge { get; set; } = TimeSpan.FromDays(7);

    public bool IsRepeatPair(int confirmedThisMonth) => confirmedThisMonth > PairMonthlyLimit;

    public bool IsBurst(int creditsInWindow) => creditsInWindow > ActivityBurstLimit;

    /// <summary>Only against a usual known from enough credits: a new team has none.</summary>
    public bool IsAboveTeamUsual(decimal hours, decimal? teamMedian, int sample) =>
        sample >= TeamUsualMinimumSample && teamMedian is > 0 && hours > TeamUsualFactor * teamMedian.Value;

    public bool IsTimerWithManyHours(bool byTimer, decimal hours) => byTimer && hours > TimerHoursLimit;

    /// <summary>An account unknown to Points is not new: it was made before Points heard of accounts.</summary>
    public bool IsNewRequester(DateTimeOffset? accountCreatedAt, DateTimeOffset claimedAt) =>
        accountCreatedAt is { } created && claimedAt - created < NewRequesterAge;

    public bool IsFastFiveStar(int? rating, TimeSpan startToConfirmation, decimal hours, TimeSpan startToCompletion) =>
        rating == 5 && (startToConfirmation < FiveStarMinimumDuration || (double)hours > startToCompletion.TotalHours);
}
