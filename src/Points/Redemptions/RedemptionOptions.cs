namespace Alliance.Points.Redemptions;

/// <summary><c>Points:Redemptions</c>.</summary>
internal sealed class RedemptionOptions
{
    public const string Section = "Points:Redemptions";

    /// <summary>
    /// How long a reservation may stay open before Points releases it by itself. A backstop only:
    /// Merchants expires its unconfirmed codes sooner and releases them itself.
    /// </summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromHours(24);
}
