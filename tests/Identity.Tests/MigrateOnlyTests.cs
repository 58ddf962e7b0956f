using System.Diagnostics;
using System.Net;
using Alliance.Identity.Data;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using OpenIddict.EntityFrameworkCore.Models;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>
/// A cluster migrates once, with <c>--migrate-only</c>, and its replicas (<c>Database:MigrateAtStart</c>
/// false) only wait for that. Identity stands for every service: the same ServiceDefaults call runs
/// them all, and it alone does start-up work (the street admin, the clients) that must not run then.
/// </summary>
public sealed class MigrateOnlyTests(IdentityApp app, Containers containers) : IClassFixture<IdentityApp>
{
    // Nothing listens there: the migration job needs neither the broker nor anything else up.
    private static readonly Dictionary<string, string?> NoBroker = new()
    {
        ["ConnectionStrings:rabbitmq"] = $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateOnly_AppliesEveryMigration_AndExits0_WithoutTheBrokerAndWithoutTheStartUpWork()
    {
        var database = await containers.CreateDatabaseAsync();

        var (exitCode, output) = await app.MigrateOnlyAsync(database, NoBroker);

        Assert.True(exitCode == 0, output);
        await using var db = new IdentityDbContext(new DbContextOptionsBuilder<IdentityDbContext>().UseServiceDatabase(database).Options);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(Ct));
        // Had the host started, the street admin and the clients would be there (and the process would not have exited).
        Assert.Equal(0, await db.Users.CountAsync(Ct));
        Assert.Equal(0, await db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().CountAsync(Ct));
    }

    [Fact]
    public async Task MigrateOnly_WithTheDatabaseUnreachable_GivesUpAfterItsBound_WithExitCode1AndOneLine()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePort.Next()};Database=identity;Username=postgres;Password=postgres";
        var clock = Stopwatch.StartNew();

        var (exitCode, output) = await app.MigrateOnlyAsync(unreachable, new Dictionary<string, string?>(NoBroker)
        {
            ["Database:MigrateOnlyTimeout"] = "00:00:03",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("were not applied: the database did not answer within 00:00:03", output);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AReplicaThatDoesNotMigrate_StaysNotReadyOnAnUnmigratedDatabase_UntilMigrateOnlyHasRun()
    {
        var database = await containers.CreateDatabaseAsync();
        await using var replica = app.Start(database, overrides: new Dictionary<string, string?> { ["Database:MigrateAtStart"] = "false" });
        using var client = replica.CreateClient();

        var health = await Eventually.ReturnsAsync(
            async () => (await client.GetAsync("/health", Ct)) is var r ? (r.StatusCode, Body: await r.Content.ReadAsStringAsync(Ct)) : default,
            h => h.Body.Contains("migrations are not applied yet", StringComparison.Ordinal),
            "The replica seeing its database lack migrations");
        var request = await client.GetAsync("/identity/.well-known/openid-configuration", Ct);
        await using (var db = new IdentityDbContext(new DbContextOptionsBuilder<IdentityDbContext>().UseServiceDatabase(database).Options))
        {
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync(Ct));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        await request.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_starting");

        var (exitCode, output) = await app.MigrateOnlyAsync(database);
        Assert.True(exitCode == 0, output);
        await client.WaitUntilReadyAsync();
    }
}
