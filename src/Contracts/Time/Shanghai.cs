namespace Alliance.Contracts.Time;

/// <summary>Days, weeks, months and years are those of Asia/Shanghai (docs/domain.md, "Time"); instants stay in UTC.</summary>
public static class Shanghai
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(LocalOf(instant));

    public static DateTime LocalOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The Monday of the day's week.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
