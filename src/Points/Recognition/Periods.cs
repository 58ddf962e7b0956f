using System.Globalization;
using Alliance.Contracts.Time;
using Alliance.Points.Ledger;

namespace Alliance.Points.Recognition;

/// <summary>A leaderboard period: a month (<c>2026-11</c>) or a year (<c>2026</c>) of Asia/Shanghai, as days points were earned in.</summary>
internal sealed record Period(string Name, DateOnly From, DateOnly Until)
{
    public static Period? Parse(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(text))
        {
            var today = Shanghai.DateOf(now);
            return Month(today.Year, today.Month);
        }

        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000)
        {
            return Year(year);
        }

        return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year >= 2000
            ? Month(first.Year, first.Month)
            : null;
    }

    public static Period Year(int year) => new(year.ToString(CultureInfo.InvariantCulture), new(year, 1, 1), new(year + 1, 1, 1));

    private static Period Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new(from.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, from.AddMonths(1));
    }
}
