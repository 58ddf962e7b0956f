using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// A service under test, as a class fixture: it runs for real on loopback ports against the
/// project's shared containers, with a database of its own copied from a template that the service
/// itself migrated (so its migrations are exercised too). Its tokens come from the Identity that the
/// project's classes share (<see cref="Containers.SharedAsync{T}"/>); a neighbour it asks over gRPC
/// is shared the same way, so a class starts only the service it tests.
/// </summary>
public abstract partial class ServiceApp<TEntryPoint>(Containers containers, string service) : IAsyncLifetime
    where TEntryPoint : class
{
    private readonly string queuePrefix = MessagingHost.UniqueService(service);
    private ServiceHost<TEntryPoint>? host;
    private IdentityApp? identity;

    /// <summary>The real Identity that issues this service's tokens, shared by the project's classes.</summary>
    public IdentityApp Identity => identity ?? throw new InvalidOperationException("This service runs without an Identity of its own.");

    /// <summary>Whether the service validates tokens from an Identity of its own (all but Identity itself).</summary>
    protected virtual bool UsesIdentity => true;

    public Containers Containers => containers;

    /// <summary>The broker the service's main host uses: the project's shared one unless a fixture gives it a virtual host of its own.</summary>
    protected virtual string? Broker => null;

    public ServiceHost<TEntryPoint> Host => host ?? throw new InvalidOperationException("The service has not started.");

    public HttpClient Client { get; private set; } = null!;

    public string DatabaseConnectionString { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        await containers.StartAsync();
        if (UsesIdentity)
        {
            identity = await containers.SharedAsync(c => new IdentityApp(c));
        }

        DatabaseConnectionString = await containers.CreateDatabaseAsync($"template_{service}", async template =>
        {
            await using var migrator = Start(template, Broker);
            using var client = migrator.CreateClient();
            await client.WaitUntilReadyAsync();
        });
        host = Start(DatabaseConnectionString, Broker);
        Client = host.CreateClient();
        await Client.WaitUntilConsumingAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Another instance of the service, on the given database and broker, with extra settings (and in another environment than Testing).</summary>
    public ServiceHost<TEntryPoint> Start(string database, string? broker = null, IReadOnlyDictionary<string, string?>? overrides = null, string environment = "Testing") =>
        new(HostSettings(database, broker, overrides), ConfigureServices, environment: environment);

    private Dictionary<string, string?> HostSettings(string database, string? broker, IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>(TestDeadlines);
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{service}db"] = database,
            ["ConnectionStrings:rabbitmq"] = broker ?? containers.RabbitMqConnectionString,
            // Fixtures of one service share the broker but not a database: each gets its own queues.
            ["Messaging:QueuePrefix"] = queuePrefix,
            // The service's own client secret, which the test Identity registers for it.
            ["Identity:ClientId"] = service,
            ["Identity:ClientSecret"] = IdentityApp.ServiceClientSecret(service),
        })
        {
            settings[key] = value;
        }

        foreach (var (key, value) in identity?.ValidationSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A new person, signed up at the real Identity and logged in: their id and a client of this service that sends their token.</summary>
    public async Task<(Guid Id, HttpClient Client)> SignInAsync(string displayName = "居民")
    {
        var (id, mobile) = await Identity.SignUpAsync(displayName);
        return (id, WithToken(await Identity.LoginAsync(mobile)));
    }

    /// <summary>A new person holding an admin role (granted through Identity's API by its street admin), signed in to this service.</summary>
    public async Task<(Guid Id, HttpClient Client)> SignInAsAsync(string role, string? communityId = null, params string[] gridIds)
    {
        var (id, mobile) = await Identity.SignUpAsync(role);
        await Identity.GrantRoleAsync(id, role, communityId, gridIds);
        return (id, WithToken(await Identity.LoginAsync(mobile)));
    }

    /// <summary>A new person with the volunteer role (as Identity grants it once Volunteers says so: <see cref="IdentityApp.LoginWithRoleAsync"/>), signed in to this service.</summary>
    public async Task<(Guid Id, HttpClient Client)> SignInAsVolunteerAsync()
    {
        var (id, mobile) = await Identity.SignUpAsync("志愿者");
        return (id, WithToken(await Identity.LoginWithRoleAsync(mobile, Alliance.ServiceDefaults.Security.Roles.Volunteer)));
    }

    /// <summary>gRPC call headers that carry another service's own token, as that service would send them.</summary>
    public async Task<Grpc.Core.Metadata> AsServiceAsync(string callingService) =>
        new() { { "Authorization", $"Bearer {await Identity.ServiceTokenAsync(callingService)}" } };

    /// <summary>A client of this service that sends the given bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The <typeparamref name="TEvent"/>s this service has published that match (its outbox: see <see cref="Outbox"/>).</summary>
    public Task<IReadOnlyList<TEvent>> PublishedAsync<TEvent>(Func<TEvent, bool> match) where TEvent : class =>
        Outbox.EventsAsync(DatabaseConnectionString, match);

    /// <summary>
    /// Waits until the service has handled each of these messages (by event id): its inbox row commits
    /// with the effect, so from then on the effect is final and a further delivery changes nothing.
    /// The positive marker after which "nothing else happened" may be asserted.
    /// </summary>
    public Task HandledAsync(params Guid[] messageIds) =>
        Eventually.TrueAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(DatabaseConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(DISTINCT message_id) FROM inbox WHERE message_id = ANY(@ids)", connection);
            command.Parameters.AddWithValue("ids", messageIds.Distinct().ToArray());
            return (long)(await command.ExecuteScalarAsync())! == messageIds.Distinct().Count();
        }, $"{service} handling {messageIds.Length} messages");

    /// <summary>A DbContext of the running service, to look behind its API.</summary>
    public TDb CreateDbContext<TDb>() where TDb : DbContext =>
        Host.Services.CreateScope().ServiceProvider.GetRequiredService<TDb>();

    /// <summary>
    /// Longer gRPC deadlines than production's 1 to 2 s: test projects run two at a time on two shared
    /// cores, where a first call (channel, service token) can take longer. A silent dependency still
    /// ends in its 503, five seconds later.
    /// </summary>
    private static readonly Dictionary<string, string?> TestDeadlines =
        IdentityApp.ServiceNames.ToDictionary(name => $"Grpc:Deadlines:{name}", _ => (string?)"00:00:05");

    /// <summary>Services a fixture puts in place of the service's own (a clock it moves), in every host it starts.</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    /// <summary>Settings the service needs beyond its database and broker (another service's address).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>();
}

public static class Readiness
{
    /// <summary>Waits, up to a minute, until the service's <c>/health</c> says it is ready.</summary>
    public static async Task WaitUntilReadyAsync(this HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await client.GetAsync("/health", timeout.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>
    /// Waits, up to a minute, until the service is ready and its bus is healthy: its receive endpoints
    /// run, so an event published now reaches its consumers (the bus starts after the migrations).
    /// </summary>
    public static async Task WaitUntilConsumingAsync(this HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync("/health", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
                if (health.RootElement.GetProperty("checks").TryGetProperty("masstransit-bus", out var bus)
                    && bus.GetProperty("status").GetString() == "Healthy")
                {
                    return;
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
