using System.Net;
using System.Net.Http.Json;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Alliance.Gateway.Tests;

/// <summary>During a rolling update a replica goes away under a request: the gateway sends a read again, never a write.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private readonly LogCapture logs = new();
    private FlakyUpstream service = null!;
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // A gateway and a service per test: every first attempt takes a new connection, none a pooled one.
        service = await FlakyUpstream.StartAsync();
        gateway = TestGateway.Start(service.Address, $"http://127.0.0.1:{FreePort.Next()}", new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Alliance.Gateway"] = "Debug",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        client = gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        await service.DisposeAsync();
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("503")]
    public async Task AGet_WhoseFirstAttemptMeetsAReplicaGoingAway_IsAnswered200_AfterOneRetry(string failure)
    {
        var response = await client.GetAsync($"/api/volunteers/{failure}/1", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, service.Attempts("GET", $"/volunteers/{failure}/1"));
        Assert.Single(logs.Entries, e => e.Category == typeof(UpstreamRetryHandler).FullName);
    }

    [Theory]
    [InlineData("drop", HttpStatusCode.BadGateway)]
    [InlineData("503", HttpStatusCode.ServiceUnavailable)]
    public async Task APost_ToTheSameFailingUpstream_IsNotRetried(string failure, HttpStatusCode answer)
    {
        var response = await client.PostAsJsonAsync($"/api/volunteers/{failure}/1", new { title = "修钟" }, Ct);

        Assert.Equal(answer, response.StatusCode);
        Assert.Equal(1, service.Attempts("POST", $"/volunteers/{failure}/1"));
    }

    [Fact]
    public async Task AGet_WhoseUpstreamFailsEveryTime_GetsTheUsual502_AfterThreeAttempts()
    {
        var response = await client.GetAsync("/api/volunteers/drop/9", Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadGateway, "bad_gateway");
        Assert.Equal(3, service.Attempts("GET", "/volunteers/drop/9"));
    }
}
