namespace Alliance.Points.Ledger;

/// <summary>
/// <c>Points:Rules</c>: how confirmed service turns into points. Shown as they are at
/// <c>GET /points/rules</c>, and each credit keeps the inputs it was computed from.
/// </summary>
internal sealed class EarningRules
{
    public const string Section = "Points:Rules";

    /// <summary>Points for one certified hour of service.</summary>
    public decimal PointsPerHour { get; set; } = 10;

    /// <summary>The quality factor by the resident's rating (1–5). A need confirmed by the timer, or without a rating, gets none (1).</summary>
    public Dictionary<string, decimal> QualityFactorByRating { get; set; } = new()
    {
        ["1"] = 0.5m,
        ["2"] = 0.8m,
        ["3"] = 1.0m,
        ["4"] = 1.1m,
        ["5"] = 1.2m,
    };

    /// <summary>The urgency values of a need (as <c>NeedConfirmed.Urgency</c> carries them) that earn the urgent bonus. Set in code, not appsettings: the binder appends to an array.</summary>
    public string[] UrgentLevels { get; set; } = ["urgent"];

    /// <summary>Extra points, in percent of the hours' points after the quality factor, for an urgent need.</summary>
    public decimal UrgentBonusPercent { get; set; } = 20;

    /// <summary>Extra points for each night hour (night hours are part of the hours, and earn the base too).</summary>
    public decimal NightBonusPerHour { get; set; } = 5;

    /// <summary>The most points one volunteer earns in one month (Asia/Shanghai) of service; beyond it a credit is cut, and says so.</summary>
    public long MonthlyCap { get; set; } = 600;

    /// <summary>How long earned points stay spendable; then what is left of them expires as a ledger entry. The hours never expire.</summary>
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromDays(730);

    public decimal QualityFactor(int? rating, bool byTimer) =>
        !byTimer && rating is { } r && QualityFactorByRating.TryGetValue(r.ToString(System.Globalization.CultureInfo.InvariantCulture), out var factor) ? factor : 1m;

    public bool IsUrgent(string? urgency) => urgency is not null && UrgentLevels.Contains(urgency, StringComparer.OrdinalIgnoreCase);

    /// <summary>A credit's points and why, before the monthly cap.</summary>
    public Earning Earn(decimal hours, decimal nightHours, int? rating, bool byTimer, string? urgency)
    {
        var quality = QualityFactor(rating, byTimer);
        var basePoints = hours * PointsPerHour * quality;
        var urgent = IsUrgent(urgency) ? basePoints * UrgentBonusPercent / 100m : 0m;
        var night = nightHours * NightBonusPerHour;
        var total = (long)Math.Round(basePoints + urgent + night, MidpointRounding.AwayFromZero);
        // The rate an adjustment of these hours earns (or takes back) per hour, night bonus aside.
        var perHour = hours > 0 ? (basePoints + urgent) / hours : PointsPerHour * quality;
        return new(hours, nightHours, rating, byTimer, urgency, PointsPerHour, quality, Round(basePoints), Round(urgent), Round(night), total, Round(perHour));
    }

    /// <summary>Cuts an earning to what is left of the month's cap.</summary>
    public long Capped(long points, long earnedThisMonth) => Math.Max(0, Math.Min(points, MonthlyCap - earnedThisMonth));

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>The rule's inputs and its breakdown, kept on the credit as its "why".</summary>
internal sealed record Earning(
    decimal Hours, decimal NightHours, int? Rating, bool ConfirmedByTimer, string? Urgency, decimal PointsPerHour, decimal QualityFactor,
    decimal BasePoints, decimal UrgentBonus, decimal NightBonus, long Uncapped, decimal RatePerHour);
