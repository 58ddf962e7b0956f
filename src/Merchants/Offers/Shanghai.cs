namespace Alliance.Merchants.Offers;

/// <summary>Days, weeks and months are those of Asia/Shanghai; instants are UTC.</summary>
internal static class Shanghai
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The first day of the quota period that holds <paramref name="day"/>: the day, its week (from Monday) or its month.</summary>
    public static DateOnly PeriodStart(QuotaPeriod period, DateOnly day) => period switch
    {
        QuotaPeriod.Day => day,
        QuotaPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        QuotaPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
