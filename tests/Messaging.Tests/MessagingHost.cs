using Alliance.Messaging.DueWork;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alliance.Messaging.Tests;

/// <summary>
/// A service's messaging, alone in a host: its own database, the real broker, a service name that
/// prefixes its queues, and the consumers a test gives it.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    private readonly IHost host;

    private MessagingHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public static async Task<MessagingHost> StartAsync(
        string database,
        string broker,
        string service,
        Action<IBusRegistrationConfigurator>? consumers = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker,
            ["Messaging:ConsumerRetryLimit"] = "2",
            ["Messaging:OutboxPollInterval"] = "00:00:00.500",
            ["Messaging:DueWorkPollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<PoisonSwitch>();
        builder.Services.AddScoped<IDueWorkHandler, RecordingHandler>();
        builder.Services.AddDbContext<TestDb>((services, options) => options
            .UseServiceDatabase(database)
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.AddMessaging<TestDb>(service, consumers);
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(60);
        });

        var host = builder.Build();
        await host.StartAsync();
        return new MessagingHost(host);
    }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>A DbContext of this host, in its own scope, as a request would have.</summary>
    public TestDb CreateDb() => host.Services.CreateScope().ServiceProvider.GetRequiredService<TestDb>();

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(stop.Token);
        host.Dispose();
    }

    public static string UniqueService(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];
}

/// <summary>Fresh databases for this project's tests, copied from one created with the test model.</summary>
public static class TestDatabases
{
    public static Task<string> CreateAsync(Containers containers) =>
        containers.CreateDatabaseAsync("template_messaging", async connectionString =>
        {
            await using var db = new TestDb(new DbContextOptionsBuilder<TestDb>().UseServiceDatabase(connectionString).Options);
            await db.Database.EnsureCreatedAsync();
        });
}
