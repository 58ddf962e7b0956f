using System.Globalization;
using System.Text.Json;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// <c>docs/api/problem-codes.json</c>, built into this assembly: every problem and rule code with
/// its words in both languages. A problem whose own text has no translation answers with its code's.
/// </summary>
public static class ProblemCatalogue
{
    public const string ResourceName = "Alliance.ServiceDefaults.problem-codes.json";

    private static readonly Lazy<IReadOnlyDictionary<string, Entry>> Entries = new(() => Load());

    public static IReadOnlyDictionary<string, Entry> All => Entries.Value;

    public static string? Title(string? code, CultureInfo language) =>
        code is not null && All.TryGetValue(code, out var entry)
            ? ProblemLanguage.IsEnglish(language) ? entry.English : entry.Chinese
            : null;

    private static Dictionary<string, Entry> Load()
    {
        using var stream = typeof(ProblemCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not built into ServiceDefaults.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateObject().ToDictionary(
            code => code.Name,
            code => new Entry(
                code.Value.TryGetProperty("status", out var status) ? status.GetInt32() : null,
                code.Value.GetProperty("zh-CN").GetString()!,
                code.Value.GetProperty("en").GetString()!),
            StringComparer.Ordinal);
    }

    /// <summary>A code's status (none for a rule code) and its words.</summary>
    public sealed record Entry(int? Status, string Chinese, string English);
}
