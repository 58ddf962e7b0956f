using Alliance.Testing;
using Alliance.Volunteers.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Volunteers.Tests;

/// <summary>The Volunteers service on real ports, with its own database copied from a migrated template.</summary>
public sealed class VolunteersApp(Containers containers) : IAsyncLifetime
{
    private ServiceHost<Program>? host;

    public ServiceHost<Program> Host => host ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client { get; private set; } = null!;

    public string DatabaseConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        DatabaseConnectionString = await containers.CreateDatabaseAsync("template_volunteers", MigrateAsync);
        host = Start(containers, DatabaseConnectionString, containers.RabbitMqConnectionString);
        Client = host.CreateClient();
        await WaitUntilReadyAsync(Client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A new DbContext on this class's database, to look behind the API.</summary>
    internal VolunteersDbContext CreateDbContext() =>
        Host.Services.CreateScope().ServiceProvider.GetRequiredService<VolunteersDbContext>();

    public static ServiceHost<Program> Start(Containers containers, string database, string broker) => new(
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:volunteersdb"] = database,
            ["ConnectionStrings:rabbitmq"] = broker,
        });

    public static async Task WaitUntilReadyAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await client.GetAsync("/health", timeout.Token)).StatusCode != System.Net.HttpStatusCode.OK)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task MigrateAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<VolunteersDbContext>().UseServiceDatabase(connectionString);
        await using var db = new VolunteersDbContext(options.Options);
        await db.Database.MigrateAsync();
    }
}
