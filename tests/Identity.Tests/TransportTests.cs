using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>
/// <c>Identity:AllowHttp</c> (unset: true in Development and Testing only) and
/// <c>Identity:TrustedNetworks</c>, on Identities of each test's own, each on a copy of the class's
/// migrated database and with queues of its own. That http works where it is allowed, every other
/// test shows.
/// </summary>
public sealed class TransportTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task WithAllowHttpFalse_AnHttpTokenRequestIsRefused_AndOneATrustedProxyForwardsAsHttpsIsServed()
    {
        await using var identity = await StartAsync(new Dictionary<string, string?> { ["Identity:AllowHttp"] = "false" });
        using var client = identity.CreateClient();

        using var refused = await client.PostAsync("/identity/connect/token", StreetAdminLogin(), TestContext.Current.CancellationToken);
        // What a TLS-terminating proxy in front (here on loopback, which Identity always trusts) forwards.
        using var forwarded = new HttpRequestMessage(HttpMethod.Post, "/identity/connect/token") { Content = StreetAdminLogin() };
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var served = await client.SendAsync(forwarded, TestContext.Current.CancellationToken);

        await AssertRefusedAsHttpAsync(refused);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.False(string.IsNullOrEmpty((await served.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task InProduction_HttpIsRefusedByDefault_AndServedWhenAllowHttpSaysSo()
    {
        await using var strict = await StartAsync(environment: Environments.Production);
        using var strictClient = strict.CreateClient();
        await using var inNetwork = await StartAsync(new Dictionary<string, string?> { ["Identity:AllowHttp"] = "true" }, Environments.Production);
        using var inNetworkClient = inNetwork.CreateClient();

        using var refused = await strictClient.PostAsync("/identity/connect/token", StreetAdminLogin(), TestContext.Current.CancellationToken);
        using var served = await inNetworkClient.PostAsync("/identity/connect/token", StreetAdminLogin(), TestContext.Current.CancellationToken);

        await AssertRefusedAsHttpAsync(refused);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task TrustedNetworks_AreTrustedBesideLoopback()
    {
        await using var identity = await StartAsync(new Dictionary<string, string?>
        {
            ["Identity:TrustedNetworks:0"] = "10.0.0.0/8",
            ["Identity:TrustedNetworks:1"] = "172.18.0.5",
        });

        var options = identity.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal(["127.0.0.0/8", "10.0.0.0/8"], options.KnownIPNetworks.Select(n => n.ToString()));
        Assert.Equal([IPAddress.IPv6Loopback, IPAddress.Parse("172.18.0.5")], options.KnownProxies);
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("the-gateway")]
    public async Task AMalformedTrustedNetwork_StopsIdentityAtStart(string entry)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var identity = await StartAsync(new Dictionary<string, string?> { ["Identity:TrustedNetworks:0"] = entry });
        });

        Assert.NotNull(failure);
        Assert.Contains($"{Extensions.TrustedNetworksKey} has '{entry}'", failure.ToString(), StringComparison.Ordinal);
    }

    private async Task<ServiceHost<Service>> StartAsync(Dictionary<string, string?>? settings = null, string environment = "Testing")
    {
        settings ??= [];
        // Its own queues: it must not take the class's Identity's events.
        settings["Messaging:QueuePrefix"] = MessagingHost.UniqueService(Service.Name);
        var host = app.Start(await app.Containers.CreateDatabaseAsync("template_identity"), overrides: settings, environment: environment);
        using var client = host.CreateClient();
        await client.WaitUntilReadyAsync();
        return host;
    }

    private static FormUrlEncodedContent StreetAdminLogin() => new(new Dictionary<string, string>
    {
        ["grant_type"] = "password",
        ["username"] = IdentityApp.StreetAdminMobile,
        ["password"] = IdentityApp.StreetAdminPassword,
    });

    /// <summary>OpenIddict's refusal of a request that did not come over https (ID2083).</summary>
    private static async Task AssertRefusedAsHttpAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Contains("HTTPS", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}
