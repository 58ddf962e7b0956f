namespace Alliance.Volunteers.Hours;

/// <summary>Days, months and years are those of Asia/Shanghai; instants are UTC.</summary>
internal static class Shanghai
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
