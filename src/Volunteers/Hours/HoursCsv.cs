using System.Globalization;
using System.Text;

namespace Alliance.Volunteers.Hours;

/// <summary>A volunteer's ledger as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese), for certificates.</summary>
internal static class HoursCsv
{
    public const string Header = "entry_id,service_date,kind,source_id,adjusts_source_id,hours,night_hours,honour,reason,recorded_at";

    public static byte[] Write(IEnumerable<HoursEntry> entries)
    {
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',',
                e.Id.ToString(),
                e.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                e.Kind.ToString().ToLowerInvariant(),
                e.SourceId.ToString(),
                e.AdjustsSourceId?.ToString() ?? "",
                e.Hours.ToString("0.0", CultureInfo.InvariantCulture),
                e.NightHours.ToString("0.0", CultureInfo.InvariantCulture),
                e.IsHonour ? "true" : "false",
                Text(e.Reason),
                e.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>Quotes free text, and defuses a leading formula character so a spreadsheet shows it instead of running it.</summary>
    private static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var safe = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
