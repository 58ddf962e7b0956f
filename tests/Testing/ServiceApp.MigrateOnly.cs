using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Alliance.Testing;

public abstract partial class ServiceApp<TEntryPoint>
{
    /// <summary>
    /// Runs the service's own program as a cluster's migration job does, <c>dotnet Alliance.X.dll --migrate-only</c>
    /// in Production, with this fixture's settings: its exit code and everything it wrote.
    /// </summary>
    public async Task<(int ExitCode, string Output)> MigrateOnlyAsync(string database, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var program = typeof(TEntryPoint).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(program),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Production", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        start.ArgumentList.Add(program);
        start.ArgumentList.Add(RunExtensions.MigrateOnlySwitch);
        var settings = HostSettings(database, null, overrides);
        settings.TryAdd("Identity:AllowHttp", "true");
        // The connection strings right after the switch, where the command line must not take one for the switch's value.
        foreach (var (key, value) in settings.Where(s => s.Value is not null).OrderBy(s => !s.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} --migrate-only did not exit within 90 s: {await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }
}
