using System.Diagnostics;
using System.Text;

namespace Alliance.Testing;

/// <summary>A program run to its end by a test: its exit code and everything it printed.</summary>
public static class Command
{
    /// <summary>
    /// Runs <paramref name="file"/> in <paramref name="directory"/> with extra environment variables; after
    /// <paramref name="limit"/> its whole process tree is killed and the exit code is -1. The output is stdout then stderr.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan limit, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {string.Join(' ', arguments)} did not end within {limit}.\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
