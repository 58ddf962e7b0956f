using System.Security.Cryptography;
using System.Text;
using Alliance.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit;

namespace Alliance.SystemTesting;

/// <summary>
/// The real AppHost, with every service, the gateway, PostgreSQL and RabbitMQ, started once for the
/// whole run and without data volumes. Tests talk to it through the gateway only; the chaos suite
/// also acts on its containers and processes (<see cref="App"/>).
/// </summary>
public class AllianceSystem : IAsyncLifetime, IStreetGateway
{
    public static readonly IReadOnlyList<string> Resources = ["identity", "volunteers", "needs", "teams", "merchants", "points", "notifications", "gateway"];
    public const string AppEnvironment = "Production";
    public const string StreetAdminMobile = "13800000000";
    public static readonly string StreetAdminPassword = $"Admin1{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}";
    private DistributedApplication? app;

    public HttpClient Gateway { get; private set; } = null!;

    string IStreetGateway.StreetAdminMobile => StreetAdminMobile;

    string IStreetGateway.StreetAdminPassword => StreetAdminPassword;

    /// <summary>The running AppHost: its resources' states, commands and logs.</summary>
    public DistributedApplication App => app ?? throw new InvalidOperationException("The system has not started.");

    /// <summary>More AppHost settings, after the defaults (a later one wins).</summary>
    protected virtual IEnumerable<string> Settings => [];

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Alliance_AppHost>(
            [
                "--Alliance:PersistentData=false",
                // The apps run as they would in production; the AppHost tells each that Identity is
                // reached over in-network http (Identity:AllowHttp), the one thing Production refuses by default.
                $"--Alliance:AppEnvironment={AppEnvironment}",
                $"--ALLIANCE_POSTGRES_IMAGE={Environment.GetEnvironmentVariable("ALLIANCE_POSTGRES_IMAGE")}",
                $"--ALLIANCE_RABBITMQ_IMAGE={Environment.GetEnvironmentVariable("ALLIANCE_RABBITMQ_IMAGE")}",
                // Throwaway keys, made for this run only.
                $"--Parameters:identity-signing-key={Convert.ToBase64String(Encoding.UTF8.GetBytes(RSA.Create(2048).ExportRSAPrivateKeyPem()))}",
                $"--Parameters:identity-encryption-key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
                $"--Parameters:volunteers-idcard-key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
                $"--Parameters:points-erasure-key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
                // Races and flows here measure the domain, not the gateway's limits (Gateway.Tests tests those).
                "--Gateway:RateLimits:PerUser:PermitLimit=1000000",
                "--Gateway:RateLimits:PerIp:PermitLimit=1000000",
                "--Gateway:RateLimits:Credentials:PermitLimit=1000000",
                // Two cores run the whole street here: calls between services get more time than production's 1 to 2 s.
                "--Grpc:Deadlines:identity=00:00:05",
                "--Grpc:Deadlines:volunteers=00:00:05",
                "--Grpc:Deadlines:teams=00:00:05",
                $"--Parameters:street-admin-mobile={StreetAdminMobile}",
                $"--Parameters:street-admin-password={StreetAdminPassword}",
                .. Settings,
            ],
            timeout.Token);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        Gateway = app.CreateHttpClient("gateway", "http");
        Gateway.Timeout = TimeSpan.FromSeconds(30);
        await StartedAsync();
    }

    /// <summary>Runs once the whole system is healthy, before the first test.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>
    /// A service's database, to move stored times into the past (finished work is never back-dated
    /// through the API) or to show that a refused call changed nothing.
    /// </summary>
    public async Task<string> DatabaseAsync(string name) =>
        await app!.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"The AppHost has no connection string for {name}.");

    /// <summary>An environment variable the app's process was started with (the AppHost's view, as on the dashboard).</summary>
    public string? EnvironmentVariable(string resource, string name) =>
        app!.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == name)?.Value
            : throw new InvalidOperationException($"The AppHost has no resource {resource}.");

    public virtual async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
