using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Alliance.Benchmarks;

/// <summary>One wrk run's figures: requests per second, p99 latency, and the answers that were not 2xx or 3xx or never came.</summary>
public sealed record WrkResult(long Requests, double Seconds, double P99Ms, long Errors)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// wrk (Debian's, installed by <c>./alliance bench</c>) against one URL: a C load generator takes
/// less of the two cores than one in .NET would. Its Lua <c>done()</c> prints the summary as JSON,
/// so nothing is parsed from its human-readable table.
/// </summary>
public static class Wrk
{
    public const int Connections = 32;
    public const int Threads = 2;

    private const string Script = """
        local token = os.getenv("WRK_AUTHORIZATION")
        if token ~= nil and token ~= "" then
          wrk.headers["Authorization"] = token
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('WRK-JSON {"requests":%d,"duration_us":%d,"p99_us":%d,"errors":%d}\n',
            summary.requests, summary.duration, latency:percentile(99),
            e.connect + e.read + e.write + e.status + e.timeout))
        end
        """;

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"alliance-bench-wrk-{Environment.ProcessId}.lua");
        File.WriteAllText(path, Script);
        return path;
    });

    public static async Task<WrkResult> RunAsync(Uri url, TimeSpan duration, string? bearer = null)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{duration.TotalSeconds:0}s", "--timeout", "10s", "-s", ScriptPath.Value, url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // In the environment rather than on the command line, where ps would show the token.
        start.Environment["WRK_AUTHORIZATION"] = bearer is null ? "" : $"Bearer {bearer}";
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: is it installed (apt-get install wrk)?");
        var output = wrk.StandardOutput.ReadToEndAsync();
        var error = wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("WRK-JSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk gave no summary (exit {wrk.ExitCode}): {await output}{await error}");
        var json = JsonDocument.Parse(line["WRK-JSON ".Length..]).RootElement;
        return new WrkResult(
            json.GetProperty("requests").GetInt64(),
            json.GetProperty("duration_us").GetInt64() / 1e6,
            json.GetProperty("p99_us").GetInt64() / 1000.0,
            json.GetProperty("errors").GetInt64());
    }
}
