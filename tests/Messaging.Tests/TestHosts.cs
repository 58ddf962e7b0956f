using Alliance.Messaging.DueWork;
using Alliance.Messaging.Topology;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Alliance.Messaging.Tests;

/// <summary>The shared messaging host, with this project's test model, consumers' switch and due-work handler.</summary>
internal static class TestHosts
{
    /// <summary>How long the outbox dispatcher and the due-work sweeper sleep between rounds (see <see cref="WatchedClock"/>).</summary>
    public static readonly TimeSpan OutboxPoll = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DueWorkPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Starts a host and waits until it has declared the system's queues (so a broker cut afterwards finds the outbox publishing).</summary>
    public static async Task<MessagingHost<TestDb>> StartAsync(
        string database,
        string broker,
        string service,
        Action<IBusRegistrationConfigurator>? consumers = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Messaging:TransientRetryWindow"] = "00:00:02",
            ["Messaging:OutboxPollInterval"] = OutboxPoll.ToString(),
            ["Messaging:DueWorkPollInterval"] = DueWorkPoll.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await MessagingHost.StartAsync<TestDb>(database, broker, service, consumers, time, all,
            all =>
            {
                all.AddSingleton<PoisonSwitch>();
                all.AddScoped<IDueWorkHandler, RecordingHandler>();
                services?.Invoke(all);
            });
        await host.Get<TopologyDeclaration>().WaitDeclaredAsync(TestContext.Current.CancellationToken);
        return host;
    }
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
