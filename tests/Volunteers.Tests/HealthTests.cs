using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
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
    public async Task OpenApiDocument_IsServedUnderTheServicePath_WithTheGatewayAsServer()
    {
        var document = await app.Client.GetFromJsonAsync<JsonElement>("/volunteers/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal("/api", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var register = document.GetProperty("paths").GetProperty("/volunteers").GetProperty("post");
        Assert.True(register.GetProperty("responses").TryGetProperty("409", out _));
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
    public async Task WithTheBrokerAway_HealthSaysTheBusIsNotReady()
    {
        var database = await containers.CreateDatabaseAsync();
        var closedPort = FreePort.Next();
        await using var host = app.Start(database, $"amqp://guest:guest@127.0.0.1:{closedPort}/");
        using var client = host.CreateClient();

        // Every answer on the way is a 503; the last is the one where the database is ready.
        var checks = await Eventually.ReturnsAsync(async () =>
        {
            var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            return (await health.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("checks");
        }, c => c.GetProperty("database").GetProperty("status").GetString() == "Healthy", "The database check of a host without its broker");

        Assert.NotEqual("Healthy", checks.GetProperty("masstransit-bus").GetProperty("status").GetString());
    }
}
