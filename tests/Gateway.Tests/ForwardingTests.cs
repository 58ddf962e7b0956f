using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Alliance.Gateway.Tests;

/// <summary>What the gateway does to every request on its way to a service, seen from both ends.</summary>
public sealed partial class ForwardingTests : IAsyncLifetime
{
    private const string Frontend = "https://app.alliance.test";
    private readonly int closedPort = FreePort.Next();
    private readonly LogCapture logs = new();
    private RecordingUpstream service = null!;
    private RecordingUpstream grpcEndpoint = null!;
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        service = await RecordingUpstream.StartAsync();
        grpcEndpoint = await RecordingUpstream.StartAsync();
        gateway = TestGateway.Start(service.Address, $"http://127.0.0.1:{closedPort}", new Dictionary<string, string?>
        {
            // Each service also has a grpc endpoint, as under the AppHost; the gateway must never use it.
            ["services:volunteers:grpc:0"] = grpcEndpoint.Address,
            ["Gateway:MaxRequestBodyBytes"] = "1024",
            ["Gateway:Cors:AllowedOrigins:0"] = Frontend,
            // The proxy logs each forwarded request at Information: the log line the scope is checked on.
            ["Logging:LogLevel:Yarp"] = "Information",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        client = gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        await grpcEndpoint.DisposeAsync();
        await service.DisposeAsync();
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex MadeId();

    [Fact]
    public async Task ARequestWithoutACorrelationId_GetsANewOne_WhichTheServiceSeesToo()
    {
        var response = await client.GetAsync("/api/volunteers/volunteers/mine", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches(MadeId(), id);
        var seen = Assert.Single(service.Requests);
        Assert.Equal("/volunteers/volunteers/mine", seen.Path);
        Assert.Equal(id, seen.Header("X-Correlation-Id"));
    }

    [Fact]
    public async Task ACalendarFeed_WithoutAToken_ReachesTeams_WhichDecides()
    {
        // Calendar apps send no bearer token: the gateway refuses bad tokens only, and the feed's address is its key.
        var response = await client.GetAsync("/api/teams/calendar/q3Zx_Lm-8Ab.ics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(service.Requests);
        Assert.Equal(("GET", "/teams/calendar/q3Zx_Lm-8Ab.ics", null), (seen.Method, seen.Path, seen.Header("Authorization")));
    }

    [Fact]
    public async Task AWellFormedCorrelationId_IsKept_AndPassedOn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.Add("X-Correlation-Id", "app-7f3a:42");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("app-7f3a:42", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal("app-7f3a:42", Assert.Single(service.Requests).Header("X-Correlation-Id"));
    }

    [Theory]
    [InlineData("has spaces and <angle> brackets")]
    [InlineData("a-correlation-id-far-longer-than-any-caller-needs-to-send-to-anyone-at-all")]
    public async Task AMalformedCorrelationId_IsReplaced(string incoming)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", incoming);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches(MadeId(), id);
        Assert.Equal(id, Assert.Single(service.Requests).Header("X-Correlation-Id"));
    }

    [Fact]
    public async Task TheCorrelationId_IsOnTheRequestsTrace_AndInTheLogScope()
    {
        var id = $"trace-{Guid.NewGuid():N}";
        var traced = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traced.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.Add("X-Correlation-Id", id);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The server's activity stops just after the answer is sent, so it may come a moment later.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        while (!traced.Any(activity => activity.GetTagItem("correlation.id") as string == id))
        {
            await Task.Delay(20, wait.Token);
        }

        Assert.Contains(logs.Entries, entry => entry.Category.StartsWith("Yarp", StringComparison.Ordinal)
            && entry.Scope.TryGetValue("CorrelationId", out var scoped) && scoped as string == id);
    }

    [Fact]
    public async Task AProblemFromTheGateway_CarriesTheCorrelationId_InHeaderAndBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nowhere/things");
        request.Headers.Add("X-Correlation-Id", "trace-me");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("trace-me", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal("trace-me", problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task ABodyOverTheLimit_Returns413Problem_AndNeverReachesTheService()
    {
        using var content = new ByteArrayContent(new byte[1025]);
        content.Headers.ContentType = new("application/json");

        var response = await client.PostAsync("/api/needs/needs", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimit_IsCutOff_With413()
    {
        // No Content-Length: the limit can only be seen while the body streams through.
        using var content = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/needs/needs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task ABodyWithinTheLimit_IsForwardedWhole()
    {
        using var content = new ByteArrayContent(new byte[1024]);
        content.Headers.ContentType = new("application/json");

        var response = await client.PostAsync("/api/needs/needs", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1024, Assert.Single(service.Requests).BodyLength);
    }

    [Fact]
    public async Task APreflightFromAConfiguredFrontend_IsAnsweredByTheGateway()
    {
        var response = await client.SendAsync(Preflight(Frontend), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Frontend, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowed = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.Contains("idempotency-key", allowed, StringComparison.Ordinal);
        Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task APreflightFromAnUnknownOrigin_GetsNoCorsHeaders()
    {
        var response = await client.SendAsync(Preflight("https://evil.test"), TestContext.Current.CancellationToken);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task ACallFromAConfiguredFrontend_MayReadTheCorrelationIdRetryAfterReplayLanguageAndETag()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.Add("Origin", Frontend);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(Frontend, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("X-Correlation-Id", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Retry-After", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Idempotent-Replayed", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Language", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ETag", exposed, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc-web+proto")]
    public async Task AGrpcCallThroughTheGateway_Gets404_AndReachesNoService(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/volunteers/alliance.volunteers.v1.VolunteersService/GetVolunteer")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Content.Headers.ContentType = new(contentType);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(service.Requests);
        Assert.Empty(grpcEndpoint.Requests);
    }

    [Fact]
    public async Task TheGateway_RoutesToTheServicesHttpEndpoint_NeverToItsGrpcEndpoint()
    {
        var response = await client.GetAsync("/api/volunteers/volunteers/mine", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(service.Requests);
        Assert.Empty(grpcEndpoint.Requests);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/needs/needs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }
}
