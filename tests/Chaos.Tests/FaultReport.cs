using System.Text;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>One fault's outcome: what it did, for how long, and the counts that must be zero.</summary>
public sealed record FaultOutcome(
    string Fault, string Workload, int Expected, int Found, int Doubled, long InError, long Parked, long Unbalanced,
    long DuplicatesSuppressed, TimeSpan Outage, TimeSpan Recovery)
{
    public int Lost => Expected - Math.Min(Found, Expected);

    /// <summary>Keeps the outcome in the report, then fails on anything that is not zero.</summary>
    public void Report(string? detail = null)
    {
        FaultReport.Add(this);
        Assert.True(
            (Lost, Doubled, InError, Parked, Unbalanced) == (0, 0, 0L, 0L, 0L),
            $"{Fault}: {Lost} lost, {Doubled} doubled, {InError} in _error, {Parked} parked, {Unbalanced} unbalanced accounts (of {Expected} effects expected). {detail}");
    }
}

/// <summary>
/// The table the suite prints and keeps in .alliance/chaos-report.md (./alliance chaos shows it at the
/// end; docs/messaging.md keeps the latest measured one).
/// </summary>
public static class FaultReport
{
    private static readonly List<FaultOutcome> Outcomes = [];
    private static readonly Lock Gate = new();

    public static void Add(FaultOutcome outcome)
    {
        lock (Gate)
        {
            Outcomes.RemoveAll(o => o.Fault == outcome.Fault);
            Outcomes.Add(outcome);
            File.WriteAllText(ReportPath(), Render(Outcomes));
        }
    }

    public static string Render(IEnumerable<FaultOutcome> outcomes)
    {
        var table = new StringBuilder()
            .AppendLine("| fault | workload | effects expected | lost | doubled | in `_error` | parked | unbalanced accounts | duplicates suppressed | outage | back to normal after |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var o in outcomes)
        {
            table.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"| {o.Fault} | {o.Workload} | {o.Expected} | {o.Lost} | {o.Doubled} | {o.InError} | {o.Parked} | {o.Unbalanced} | {o.DuplicatesSuppressed} | {o.Outage.TotalSeconds:0} s | {o.Recovery.TotalSeconds:0} s |");
        }

        return table.ToString();
    }

    /// <summary>.alliance/chaos-report.md of the checkout the tests were built from.</summary>
    private static string ReportPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Alliance.sln")))
        {
            directory = directory.Parent;
        }

        var state = Path.Combine(directory?.FullName ?? Path.GetTempPath(), ".alliance");
        Directory.CreateDirectory(state);
        return Path.Combine(state, "chaos-report.md");
    }
}
