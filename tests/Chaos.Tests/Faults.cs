using System.Diagnostics;
using Alliance.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Npgsql;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Faults acting on the same container or process the AppHost runs, on this machine only. Never
/// Aspire's stop and start commands for a container: they delete and re-create it, and without
/// volumes its data with it. A project has no data, so after a kill it is started by the AppHost's
/// own start command, as an operator would from the dashboard.
/// </summary>
public sealed class Faults(ChaosSystem system)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary><c>docker stop</c> of the container the resource's snapshot names: the process ends, the container and its files stay.</summary>
    public Task StopContainerAsync(string resource) => DockerAsync("stop", ContainerId(resource));

    /// <summary><c>docker start</c> of the same container, then waits until the AppHost sees it healthy again.</summary>
    public async Task StartContainerAsync(string resource)
    {
        await DockerAsync("start", ContainerId(resource));
        await WaitHealthyAsync(resource);
    }

    /// <summary>
    /// <c>kill -9</c> of the project's process, the app itself where the AppHost started its build
    /// output (ServiceResources.RunsItsBuild), with any child where a <c>dotnet run</c> launched it,
    /// and waits until the AppHost sees it end.
    /// </summary>
    public async Task KillAsync(string resource)
    {
        var process = int.Parse(Property(resource, "executable.pid") ?? throw new InvalidOperationException($"{resource} has no process."), System.Globalization.CultureInfo.InvariantCulture);
        // pkill's exit 1: no child, the process is the app.
        await RunAsync("pkill", $"-9 -P {process}", allowed: 1);
        await RunAsync("kill", $"-9 {process}");
        await Eventually.TrueAsync(() => Task.FromResult(State(resource) is "Finished" or "Exited" or "FailedToStart"), $"{resource} ended after kill -9", TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts a project again through the AppHost's start command and waits until it is healthy.</summary>
    public async Task StartProjectAsync(string resource)
    {
        var commands = (ResourceCommandService)system.App.Services.GetService(typeof(ResourceCommandService))!;
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, Ct);
        Assert.True(result.Success, $"Starting {resource}: {result.Message}");
        await WaitHealthyAsync(resource);
    }

    /// <summary>The database refuses every new connection, and those open now are ended.</summary>
    public Task RefuseConnectionsAsync(string database) => AdministerAsync(
        $"ALTER DATABASE {database} ALLOW_CONNECTIONS false",
        $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");

    public Task AllowConnectionsAsync(string database) => AdministerAsync($"ALTER DATABASE {database} ALLOW_CONNECTIONS true");

    /// <summary>Messages waiting in every <c>_error</c> queue of the broker, read with <c>rabbitmqctl</c> inside its container.</summary>
    public async Task<long> ErrorQueueDepthAsync()
    {
        var queues = await RunAsync("docker", $"exec {ContainerId("rabbitmq")} rabbitmqctl list_queues -q --no-table-headers name messages");
        return queues.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', ' '))
            .Where(columns => columns.Length >= 2 && columns[0].EndsWith("_error", StringComparison.Ordinal))
            .Sum(columns => long.Parse(columns[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Running first (the snapshot still says how it ended for a moment), then healthy.</summary>
    private async Task WaitHealthyAsync(string resource)
    {
        await Eventually.TrueAsync(() => Task.FromResult(State(resource) == KnownResourceStates.Running), $"{resource} running again", StartLimit);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(StartLimit);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, limit.Token);
    }

    private async Task AdministerAsync(params string[] statements)
    {
        // The server's own maintenance database, as the superuser: the service's role cannot do this.
        var builder = new NpgsqlConnectionStringBuilder(await system.DatabaseAsync("postgres")) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(Ct);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }

    private string ContainerId(string resource) =>
        Property(resource, "container.id") ?? throw new InvalidOperationException($"{resource} has no container.");

    private string? Property(string resource, string name) =>
        Snapshot(resource).Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString();

    private string? State(string resource) => Snapshot(resource).State?.Text;

    private CustomResourceSnapshot Snapshot(string resource) =>
        system.App.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot
            : throw new InvalidOperationException($"The AppHost has no resource {resource}.");

    private static async Task DockerAsync(string verb, string container) => await RunAsync("docker", $"{verb} {container}");

    private static async Task<string> RunAsync(string file, string arguments, int allowed = 0)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0 || process.ExitCode == allowed, $"{file} {arguments}: exit {process.ExitCode}: {await error}");
        return (await output).Trim();
    }
}
