using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests;

/// <summary>Tokens at the gateway, checked against the real Identity's keys.</summary>
public sealed class TokenTests(IdentityApp identity) : IClassFixture<IdentityApp>, IAsyncLifetime
{
    private RecordingUpstream service = null!;
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    public static TheoryData<string> BadTokens => [.. Enum.GetNames<TokenFlaw>(), "another service's token"];

    public async ValueTask InitializeAsync()
    {
        service = await RecordingUpstream.StartAsync();
        gateway = TestGateway.Start(service.Address, identity.Host.HttpAddress.ToString().TrimEnd('/'));
        client = gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        await service.DisposeAsync();
    }

    [Fact]
    public async Task AGoodToken_IsPassedOnUnchanged()
    {
        var token = IdentityApp.MintToken(Guid.CreateVersion7());

        var response = await client.SendAsync(Get("/api/needs/needs", token), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Bearer {token}", Assert.Single(service.Requests).Header("Authorization"));
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ABadToken_Gets401InvalidToken_AndNeverReachesTheService(string kind)
    {
        var token = kind == "another service's token"
            ? IdentityApp.MintToken(Guid.CreateVersion7(), audience: Audiences.Internal)
            : IdentityApp.ForgeToken(Enum.Parse<TokenFlaw>(kind), Guid.CreateVersion7());

        var response = await client.SendAsync(Get("/api/needs/needs", token), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Empty(service.Requests);
    }

    [Fact]
    public void TheUnsignedToken_SaysAlgNone()
    {
        var header = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(IdentityApp.ForgeToken(TokenFlaw.AlgNone, Guid.CreateVersion7()).Split('.')[0]);
        Assert.Contains("\"alg\":\"none\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUpLoginAndACall_AllThroughTheGateway()
    {
        var mobile = IdentityApp.NextMobile();

        var signUp = await client.PostAsJsonAsync("/api/identity/accounts", new { mobile, password = "Passw0rd!", displayName = "居民" }, TestContext.Current.CancellationToken);
        var login = await client.PostAsync("/api/identity/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = "Passw0rd!",
            ["scope"] = "alliance-api offline_access",
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!;
        var call = await client.SendAsync(Get("/api/points/points/mine", token), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal($"Bearer {token}", Assert.Single(service.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Discovery_ThroughTheGateway_ListsThePublicTokenAndKeyUrls()
    {
        // As a caller sees the gateway at the issuer's host; Identity trusts forwarded headers for that host only.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/.well-known/openid-configuration");
        request.Headers.Host = new Uri(IdentityApp.Issuer).Authority;

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var discovery = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(IdentityApp.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal($"{IdentityApp.Issuer}connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{IdentityApp.Issuer}.well-known/jwks", discovery.GetProperty("jwks_uri").GetString());
        var keys = await client.GetFromJsonAsync<JsonElement>("/api/identity/.well-known/jwks", TestContext.Current.CancellationToken);
        Assert.NotEqual(0, keys.GetProperty("keys").GetArrayLength());
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
