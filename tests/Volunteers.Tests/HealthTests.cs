using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Alliance.Volunteers.Tests;

public sealed class HealthTests(VolunteersApp app, Containers containers) : IClassFixture<VolunteersApp>
{
    [Fact]
    public async Task Health_ReportsTheDatabaseAndTheBrokerReady()
    {
        var response = await app.Client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("masstransit-bus").GetProperty("status").GetString());
    }

    [Fact]
    public void Logging_KeepsTheConfiguredLevels_WhileItQuietsTheStartupNoise()
    {
        // appsettings.json: Default Information, Microsoft.EntityFrameworkCore Warning; the service is ready.
        var loggers = app.Host.Services.GetRequiredService<ILoggerFactory>();
        var own = loggers.CreateLogger("Alliance.Volunteers.Registration");
        var efCommands = loggers.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command");
        var healthChecks = loggers.CreateLogger("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService");

        Assert.False(own.IsEnabled(LogLevel.Debug));
        Assert.True(own.IsEnabled(LogLevel.Information));
        Assert.False(efCommands.IsEnabled(LogLevel.Information));
        Assert.True(efCommands.IsEnabled(LogLevel.Warning));
        Assert.False(healthChecks.IsEnabled(LogLevel.Debug));
        Assert.True(healthChecks.IsEnabled(LogLevel.Error));
    }

    [Fact]
    public async Task OpenApiDocument_IsServedUnderTheServicePath_WithTheGatewayAsServer_AndWithoutTheOperatorsRoutes()
    {
        var document = await app.Client.GetFromJsonAsync<JsonElement>("/volunteers/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal("/api", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var register = document.GetProperty("paths").GetProperty("/volunteers").GetProperty("post");
        Assert.True(register.GetProperty("responses").TryGetProperty("409", out _));
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), path => path.Name.Contains("/admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheDatabaseAway_TheServiceStaysUp_SaysSo_AndRecoversWhenItReturns()
    {
        var database = await containers.CreateDatabaseAsync();
        await using var proxy = new LoopbackProxy(containers.PostgresPort);
        proxy.Cut();
        var viaProxy = new Npgsql.NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString;
        await using var host = app.Start(viaProxy);
        using var client = host.CreateClient();
        var (_, person) = await app.SignInAsync();
        client.DefaultRequestHeaders.Authorization = person.DefaultRequestHeaders.Authorization;

        var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken);
        var request = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var checks = (await health.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        await request.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_starting");

        proxy.Restore();
        await client.WaitUntilReadyAsync();
        var afterwards = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
    }

    [Fact]
    public async Task WithTheBrokerAway_TheServiceStaysReady_SaysItIsDegraded_AndStillTakesWrites()
    {
        var database = await containers.CreateDatabaseAsync();
        var closedPort = FreePort.Next();
        await using var host = app.Start(database, $"amqp://guest:guest@127.0.0.1:{closedPort}/");
        using var client = host.CreateClient();

        // Ready is the service's own database: once it is, /health answers 200, degraded by the bus.
        var health = await Eventually.ReturnsAsync(async () =>
        {
            var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
        }, h => h.StatusCode == HttpStatusCode.OK, "The health of a host without its broker");
        var (_, person) = await app.SignInAsync();
        client.DefaultRequestHeaders.Authorization = person.DefaultRequestHeaders.Authorization;
        var registered = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang"), TestContext.Current.CancellationToken);

        Assert.Equal("Degraded", health.Body.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.Body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Degraded", health.Body.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
        // The outbox keeps the event until the broker is back.
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Single(await Outbox.EventsAsync<Alliance.Contracts.Volunteers.VolunteerRegistered>(database));
    }
}
