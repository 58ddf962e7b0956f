using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Alliance.Benchmarks;

/// <summary>
/// One bench's figures: each measure is taken once per run (three runs), and the table gives its
/// min, median and max, the goal and whether the median meets it. <see cref="WriteAsync"/> prints
/// the table, keeps it in <c>.alliance/bench-NAME.md</c> and puts it in its own section of
/// <c>docs/performance.md</c>, where the latest figures of every bench stand.
/// </summary>
public sealed class BenchReport(string name, string title)
{
    public const int Runs = 3;
    private readonly List<Measure> measures = [];

    public string Name => name;

    /// <summary>What the reader needs to weigh the figures: the workload, its settings, a caveat.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Declares a measure, in the order the table shows it; <paramref name="goal"/> reads like "≥ 0.85".</summary>
    public Measure Declare(string measure, string unit, string? goal = null, Func<double, bool>? met = null)
    {
        var declared = new Measure(measure, unit, goal, met);
        measures.Add(declared);
        return declared;
    }

    public sealed record Measure(string Name, string Unit, string? Goal, Func<double, bool>? Met)
    {
        public List<double> Values { get; } = [];

        public void Record(double value) => Values.Add(value);

        public double Median => Sorted[Sorted.Length / 2];

        private double[] Sorted => Values.Count > 0 ? [.. Values.Order()] : [double.NaN];

        public string Row()
        {
            var sorted = Sorted;
            var met = Met is null || Values.Count == 0 ? "" : Met(Median) ? "yes" : "**no**";
            return $"| {Name} | {Unit} | {Figure(sorted[0])} | {Figure(Median)} | {Figure(sorted[^1])} | {Goal ?? ""} | {met} |";
        }
    }

    /// <summary>The value at <paramref name="p"/> (0.99 for p99) of values sorted ascending, by the nearest rank.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>The goals the medians miss, by name.</summary>
    public IEnumerable<string> Missed => measures.Where(m => m.Met is not null && m.Values.Count > 0 && !m.Met(m.Median)).Select(m => m.Name);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Commit}, {Machine}; {Runs} runs, Release builds.");
        text.AppendLine();
        text.AppendLine("| measure | unit | min | median | max | goal | met |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | --- | --- |");
        foreach (var measure in measures)
        {
            text.AppendLine(measure.Row());
        }

        if (Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return text.ToString();
    }

    /// <summary>Prints the table and writes it to <c>.alliance/</c> and to its section of <c>docs/performance.md</c>.</summary>
    public async Task WriteAsync()
    {
        var markdown = ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(".alliance");
        await File.WriteAllTextAsync($".alliance/bench-{name}.md", markdown);
        const string Document = "docs/performance.md";
        if (!File.Exists(Document))
        {
            Console.WriteLine($"(no {Document} here: run from the repository's root to update it)");
            return;
        }

        var begin = $"<!-- bench:{name} -->";
        var end = $"<!-- /bench:{name} -->";
        var current = await File.ReadAllTextAsync(Document);
        var section = $"{begin}\n{markdown}{end}";
        var updated = current.Contains(begin, StringComparison.Ordinal)
            ? Regex.Replace(current, Regex.Escape(begin) + ".*?" + Regex.Escape(end), _ => section, RegexOptions.Singleline)
            : current.TrimEnd() + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(Document, updated);
    }

    private static string Figure(double value) => value switch
    {
        double.NaN => "–",
        >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static string Commit => Environment.GetEnvironmentVariable("ALLIANCE_COMMIT") is { Length: > 0 } commit ? commit : "unknown";

    /// <summary>The machine as the figures depend on it: cores, memory, the OS and the runtime.</summary>
    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
        $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
