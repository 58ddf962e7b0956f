using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests;

public sealed class GatewayTests : IAsyncLifetime
{
    private readonly Blackhole hangingNeeds = new();
    private readonly int closedPort = FreePort.Next();
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    public ValueTask InitializeAsync()
    {
        // Needs hangs; every other service is down.
        var settings = GatewayServices.All.ToDictionary(
            s => $"services:{s.Name}:http:0",
            s => (string?)(s.Name == "needs" ? hangingNeeds.Address.ToString().TrimEnd('/') : $"http://127.0.0.1:{closedPort}"));
        settings["Identity:Issuer"] = IdentityApp.Issuer;
        settings["Gateway:UpstreamTimeout"] = "00:00:01";
        settings["Gateway:HealthTimeout"] = "00:00:01";
        gateway = new ServiceHost<GatewayServices>(settings, grpcEndpoint: false);
        client = gateway.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        hangingNeeds.Dispose();
    }

    [Theory]
    [InlineData("/api/nowhere/things")]
    [InlineData("/volunteers")]
    [InlineData("/")]
    public async Task AnUnknownRoute_Returns404Problem(string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AServiceThatIsDown_Returns502Problem()
    {
        var response = await client.GetAsync("/api/volunteers/volunteers/0190a5c8-0000-7000-8000-000000000000", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadGateway, "bad_gateway");
    }

    [Fact]
    public async Task AServiceThatHangs_Returns504Problem()
    {
        var response = await client.PostAsJsonAsync("/api/needs/needs", new { title = "修钟" }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, "gateway_timeout");
    }

    [Theory]
    [InlineData("/api/volunteers/admin/messaging/outbox/parked")]
    [InlineData("/api/points/admin/messaging/error-queues/points-volunteer-registered/replay")]
    public async Task OperationalEndpoints_AreNotPublic(string path)
    {
        // Routed, they would meet a down service and answer 502; hidden, they answer 404.
        var response = await client.PostAsync(path, null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task InternalGrpc_IsNeverRouted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alliance.volunteers.v1.VolunteersService/GetVolunteer")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Content.Headers.ContentType = new("application/grpc");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ATokenWhileIdentityIsUnreachable_Returns503Problem_NotA401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/volunteers/volunteers/0190a5c8-0000-7000-8000-000000000000");
        request.Headers.Authorization = new("Bearer", IdentityApp.MintToken(Guid.CreateVersion7()));

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "identity_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task TheHealthView_NamesEveryServiceThatIsNotReady()
    {
        var response = await client.GetAsync("/health/services", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var services = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("services");
        Assert.All(GatewayServices.All, s => Assert.Equal("Unhealthy", services.GetProperty(s.Name).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TheGatewaysOwnHealth_DoesNotDependOnTheServices()
    {
        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheDocsPage_ShowsTheOneCommittedContract_ServedWithAnETag()
    {
        var page = await client.GetStringAsync("/docs/", TestContext.Current.CancellationToken);
        using var document = await client.GetAsync("/docs/openapi.json", TestContext.Current.CancellationToken);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/docs/openapi.json");
        again.Headers.IfNoneMatch.Add(document.Headers.ETag!);
        using var unchanged = await client.SendAsync(again, TestContext.Current.CancellationToken);

        // Scalar resolves the source against the site's root: docs/openapi.json is /docs/openapi.json.
        Assert.Contains("\"url\":\"docs/openapi.json\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("openapi/v1.json", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var contract = await document.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("/", contract.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.True(contract.GetProperty("paths").TryGetProperty("/api/needs", out _));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public async Task TheGatewaysOwnDocument_HasTheRootAsServer()
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/gateway.json", TestContext.Current.CancellationToken);

        Assert.Equal("/", document.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("Problem", out _));
    }

    [Fact]
    public async Task TheDocsPage_PrefersTheOAuthPasswordFlow_ThroughTheGatewaysTokenEndpoint()
    {
        var page = await client.GetStringAsync("/docs/", TestContext.Current.CancellationToken);

        Assert.Contains("\"preferredSecurityScheme\":[\"oauth2\"]", page, StringComparison.Ordinal);
        Assert.Contains("\"tokenUrl\":\"/api/identity/connect/token\"", page, StringComparison.Ordinal);
        Assert.Contains("\"selectedScopes\":[\"alliance-api\",\"offline_access\"]", page, StringComparison.Ordinal);
    }
}
