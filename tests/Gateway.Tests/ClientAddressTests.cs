using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests;

/// <summary>
/// Whose address an anonymous caller's bucket is keyed on: the connection's, unless the connection
/// comes from a proxy listed in <c>Gateway:TrustedProxies</c>, whose <c>X-Forwarded-For</c> then counts.
/// The tests' own calls come from 127.0.0.1, so they play the proxy or the caller as each test needs.
/// </summary>
public sealed class ClientAddressTests : IAsyncLifetime
{
    private const int Limit = 2;
    private readonly int closedPort = FreePort.Next();
    private RecordingUpstream service = null!;

    public async ValueTask InitializeAsync() => service = await RecordingUpstream.StartAsync();

    public async ValueTask DisposeAsync() => await service.DisposeAsync();

    [Fact]
    public async Task WithoutTrustedProxies_ACallersXForwardedFor_IsIgnored_LoopbackIncluded()
    {
        await using var gateway = Start();
        using var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Limit; i++)
        {
            // A fresh address each time would be a fresh bucket, if the gateway believed it.
            statuses.Add((await CallAsync(client, $"203.0.113.{i + 1}", "https")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.All(service.Requests, request =>
        {
            Assert.Equal("127.0.0.1", request.Header("X-Forwarded-For"));
            Assert.Equal("http", request.Header("X-Forwarded-Proto"));
        });
    }

    [Fact]
    public async Task FromATrustedProxy_EachForwardedClient_HasABucketOfItsOwn_AndServicesSeeItsAddressAndScheme()
    {
        await using var gateway = Start(new Dictionary<string, string?> { [ClientAddress.TrustedProxiesKey] = "10.9.0.0/16, 127.0.0.1" });
        using var client = gateway.CreateClient();

        var ann = new List<HttpStatusCode>();
        for (var i = 0; i <= Limit; i++)
        {
            ann.Add((await CallAsync(client, "203.0.113.7", "https")).StatusCode);
        }

        var bob = await CallAsync(client, "203.0.113.8", "https");
        // What a caller wrote before the proxy appended the address it saw does not count: one hop only.
        var annSpoofing = await CallAsync(client, "198.51.100.1, 203.0.113.7", "https");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], ann);
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        await annSpoofing.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var forwarded = service.Requests.ToList();
        Assert.Equal(["203.0.113.7", "203.0.113.7", "203.0.113.8"], forwarded.Select(r => r.Header("X-Forwarded-For")));
        Assert.All(forwarded, request => Assert.Equal("https", request.Header("X-Forwarded-Proto")));
    }

    [Fact]
    public async Task ATrustedProxyList_ThatDoesNotListTheCaller_LeavesItsHeadersIgnored()
    {
        await using var gateway = Start(new Dictionary<string, string?> { [$"{ClientAddress.TrustedProxiesKey}:0"] = "10.9.0.0/16" });
        using var client = gateway.CreateClient();

        var first = await CallAsync(client, "203.0.113.1", "https");
        var second = await CallAsync(client, "203.0.113.2", "https");
        var third = await CallAsync(client, "203.0.113.3", "https");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.All(service.Requests, request => Assert.Equal("127.0.0.1", request.Header("X-Forwarded-For")));
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("gateway.internal")]
    public async Task AMalformedTrustedProxy_StopsTheGatewayAtStart(string entry)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var gateway = Start(new Dictionary<string, string?> { [$"{ClientAddress.TrustedProxiesKey}:0"] = entry });
        });

        Assert.NotNull(failure);
        Assert.Contains($"{ClientAddress.TrustedProxiesKey} has '{entry}'", failure.ToString(), StringComparison.Ordinal);
    }

    private ServiceHost<GatewayServices> Start(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Gateway:RateLimits:PerIp:PermitLimit"] = $"{Limit}";
        settings["Gateway:RateLimits:PerIp:Window"] = "01:00:00";
        return TestGateway.Start(service.Address, $"http://127.0.0.1:{closedPort}", settings);
    }

    private static async Task<HttpResponseMessage> CallAsync(HttpClient client, string forwardedFor, string forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
