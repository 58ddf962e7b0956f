namespace Alliance.Needs.Lifecycle;

/// <summary>How a need's reported hours must fit the time the work took; configuration section <c>Needs:Hours</c>.</summary>
internal sealed class NeedHoursOptions
{
    public const string Section = "Needs:Hours";

    /// <summary>Beyond this an allowance is no longer slack but a way around the rule (and "30" would read as 30 days).</summary>
    public static readonly TimeSpan MaxAllowance = TimeSpan.FromHours(4);

    /// <summary>
    /// How much more than the time from start to completion a helper may report: a helper who set out
    /// before the claimant pressed start, and hours rounded up to one decimal.
    /// </summary>
    public TimeSpan Allowance { get; set; } = TimeSpan.FromMinutes(30);

    public bool IsValid => Allowance >= TimeSpan.Zero && Allowance <= MaxAllowance;
}
