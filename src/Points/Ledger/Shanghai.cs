namespace Alliance.Points.Ledger;

/// <summary>Days, months and years are those of Asia/Shanghai (DOMAIN.md, "Time"); instants stay in UTC.</summary>
internal static class Shanghai
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateTime LocalOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);
}
