using System.Diagnostics;
using Alliance.Testing;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>
/// The stack that <c>./alliance deploy --verify</c> deployed: its gateway on a loopback port (all
/// traffic goes there), its street admin, and the Docker engine that runs it (the faults). Read from
/// the environment the script sets; without it there is nothing to prove, and every test fails.
/// </summary>
public sealed class DeployedSystem : IAsyncLifetime, IStreetGateway
{
    /// <summary>The apps, as swarm services <c>{stack}_{app}</c>, each at <see cref="Replicas"/>.</summary>
    public static readonly IReadOnlyList<string> Apps = ["gateway", "identity", "needs", "volunteers", "teams", "merchants", "points", "notifications"];

    public const int Replicas = 2;

    public HttpClient Gateway { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string StreetAdminMobile { get; } = Setting("ALLIANCE_DEPLOY_ADMIN_MOBILE");

    public string StreetAdminPassword { get; } = Setting("ALLIANCE_DEPLOY_ADMIN_PASSWORD");

    /// <summary>The swarm stack's name: its services are <c>{Stack}_{app}</c>.</summary>
    public string Stack { get; } = Setting("ALLIANCE_DEPLOY_STACK");

    /// <summary>Another build of the Needs image, for the rolling update.</summary>
    public string NextNeedsImage { get; } = Setting("ALLIANCE_DEPLOY_NEXT_NEEDS_IMAGE");

    public async ValueTask InitializeAsync()
    {
        Gateway.BaseAddress = new Uri(Setting("ALLIANCE_DEPLOY_URL"));
        await Eventually.TrueAsync(async () => (await Gateway.GetAsync("/health/services")).IsSuccessStatusCode,
            "The deployed gateway answers healthy", TimeSpan.FromMinutes(2));
    }

    public ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The running containers of an app's service (one per replica).</summary>
    public async Task<IReadOnlyList<string>> ContainersAsync(string app) =>
        (await DockerAsync($"ps -q --filter label=com.docker.swarm.service.name={Stack}_{app}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Waits until every replica of every app (and the broker's three nodes) runs and is healthy again.</summary>
    public Task WholeAgainAsync(TimeSpan within) =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var service in Apps.Append("rabbitmq-1").Append("rabbitmq-2").Append("rabbitmq-3"))
            {
                var states = await DockerAsync($"ps --filter label=com.docker.swarm.service.name={Stack}_{service} --format {{{{.Status}}}}");
                var healthy = states.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(s => s.Contains("(healthy)", StringComparison.Ordinal));
                if (healthy < (service.StartsWith("rabbitmq", StringComparison.Ordinal) ? 1 : Replicas))
                {
                    return false;
                }
            }

            return (await Gateway.GetAsync("/health/services")).IsSuccessStatusCode;
        }, "Every replica running and healthy again", within);

    /// <summary>Runs the docker client and returns what it printed; a failure throws with its error.</summary>
    public static async Task<string> DockerAsync(string arguments, TimeSpan? within = null)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("docker did not start.");
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromMinutes(2));
        var output = docker.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = docker.StandardError.ReadToEndAsync(timeout.Token);
        await docker.WaitForExitAsync(timeout.Token);
        if (docker.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {arguments} failed ({docker.ExitCode}): {await error}");
        }

        return (await output).Trim();
    }

    private static string Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run these tests with './alliance deploy --verify'.");
}
