using System.Net;
using System.Net.Http.Headers;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests;

/// <summary>Limits of its own, far below the defaults, on a gateway of each test's own.</summary>
public sealed class RateLimitTests(IdentityApp identity) : IClassFixture<IdentityApp>, IAsyncLifetime
{
    private const int Limit = 3;
    private const int CredentialsLimit = 2;
    private RecordingUpstream service = null!;
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        service = await RecordingUpstream.StartAsync();
        gateway = TestGateway.Start(service.Address, identity.Host.HttpAddress.ToString().TrimEnd('/'), new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:PerUser:PermitLimit"] = $"{Limit}",
            ["Gateway:RateLimits:PerUser:Window"] = "01:00:00",
            ["Gateway:RateLimits:PerIp:PermitLimit"] = $"{Limit}",
            ["Gateway:RateLimits:PerIp:Window"] = "01:00:00",
            ["Gateway:RateLimits:Credentials:PermitLimit"] = $"{CredentialsLimit}",
            ["Gateway:RateLimits:Credentials:Window"] = "01:00:00",
        });
        client = gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        await service.DisposeAsync();
    }

    [Fact]
    public async Task AnAnonymousCallOverTheLimit_Gets429Problem_WithRetryAfter()
    {
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/needs/needs", TestContext.Current.CancellationToken)).StatusCode);
        }

        var refused = await client.GetAsync("/api/needs/needs", TestContext.Current.CancellationToken);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(Limit, service.Requests.Count);
    }

    [Fact]
    public async Task EachSignedInUser_HasABucketOfTheirOwn()
    {
        string ann = IdentityApp.MintToken(Guid.CreateVersion7()), bob = IdentityApp.MintToken(Guid.CreateVersion7());
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CallAsAsync(ann)).StatusCode);
        }

        var annAgain = await CallAsAsync(ann);
        var bobs = new List<HttpStatusCode>();
        for (var i = 0; i < Limit; i++)
        {
            bobs.Add((await CallAsAsync(bob)).StatusCode);
        }

        var anonymous = await client.GetAsync("/api/needs/needs", TestContext.Current.CancellationToken);

        await annAgain.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.All(bobs, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task LoginAndSignUp_ShareAStricterLimitPerIp()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < CredentialsLimit; i++)
        {
            statuses.Add((await LoginAsync()).StatusCode);
        }

        var signUp = await client.PostAsync("/api/identity/accounts", JsonBody("{}"), TestContext.Current.CancellationToken);
        var login = await LoginAsync();
        var elsewhere = await client.GetAsync("/api/needs/needs", TestContext.Current.CancellationToken);

        // The wrong passwords reached Identity and were refused there; then the gateway stops them.
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        await signUp.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await login.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(login.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task HealthAndDocs_AreNeverLimited()
    {
        foreach (var path in new[] { "/health", "/alive", "/health/services", "/docs/" })
        {
            for (var i = 0; i < Limit * 2; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
            }
        }
    }

    private Task<HttpResponseMessage> CallAsAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> LoginAsync() =>
        client.PostAsync("/api/identity/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = IdentityApp.NextMobile(),
            ["password"] = "Wrong1pass",
        }), TestContext.Current.CancellationToken);

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
