namespace Alliance.Points.Recognition;

/// <summary>
/// The leaderboards' read model: the points a volunteer earned in one month (Asia/Shanghai, by the day
/// earned), in one community and team, the sum of that month's credits and adjustments. A trigger on
/// <c>ledger_entries</c> keeps it in the same transaction as every ledger write, whoever writes (a
/// posting, an erasure moving a ledger to its anonymous id, a seed), so a board sums a dozen rows a
/// volunteer a year instead of every entry. Its migration, <c>MonthlyEarnings</c>, holds the trigger.
/// </summary>
internal sealed class MonthlyEarning
{
    private MonthlyEarning()
    {
    }

    /// <summary>A surrogate: the natural key (month, community, team, volunteer) has nullable parts, unique with nulls not distinct.</summary>
    public long Id { get; private set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; private set; }

    public Guid VolunteerId { get; private set; }

    public string? CommunityId { get; private set; }

    public Guid? TeamId { get; private set; }

    public long Points { get; private set; }
}
