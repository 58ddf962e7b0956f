using System.Net;
using System.Text;
using Alliance.ServiceDefaults.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>A service's own token is renewed in the background from half its life, and kept until it expires while Identity does not answer.</summary>
[Trait("Category", "Unit")]
public sealed class ServiceTokenRenewalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheToken_IsRenewedInTheBackgroundFromHalfItsLife_AndKeptUntilItExpiresWhileIdentityIsAway()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var identity = new FakeIdentity();
        var issuer = new IdentityTokenClient(new Clients(identity), Configuration(), NullLogger<IdentityTokenClient>.Instance);
        var tokens = new ServiceTokens(issuer, clock, NullLogger<ServiceTokens>.Instance);

        var first = await tokens.GetAsync(Ct);
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(first, await tokens.GetAsync(Ct));
        Assert.Equal(1, identity.Requests);

        // Past half its life the call is answered with the held token at once, and a renewal starts.
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(first, await tokens.GetAsync(Ct));
        await tokens.RenewalAsync();
        var renewed = await tokens.GetAsync(Ct);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, identity.Requests);

        // Identity goes away: past the next half-life the held token still serves; renewal is tried
        // again only after a pause, never on every call.
        identity.Away = true;
        clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(renewed, await tokens.GetAsync(Ct));
        await tokens.RenewalAsync();
        Assert.Equal(renewed, await tokens.GetAsync(Ct));
        await tokens.RenewalAsync();
        Assert.Equal(3, identity.Requests);
        clock.Advance(ServiceTokens.RetryPause);
        Assert.Equal(renewed, await tokens.GetAsync(Ct));
        await tokens.RenewalAsync();
        Assert.Equal(4, identity.Requests);

        // Once it has expired, there is nothing to call with: the caller waits for Identity and fails.
        clock.Advance(TimeSpan.FromMinutes(30));
        await Assert.ThrowsAsync<HttpRequestException>(async () => await tokens.GetAsync(Ct));

        identity.Away = false;
        Assert.NotEqual(renewed, await tokens.GetAsync(Ct));
    }

    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:ClientId"] = "needs", ["Identity:ClientSecret"] = "secret" })
        .Build();

    /// <summary>Identity's token endpoint: an hour-long token per request, or no answer at all.</summary>
    private sealed class FakeIdentity : HttpMessageHandler
    {
        public bool Away { get; set; }

        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (Away)
            {
                throw new HttpRequestException("Connection refused (identity:80)");
            }

            var body = $$"""{"access_token":"token-{{Requests}}","token_type":"Bearer","expires_in":3600}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
