using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class TokenTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Login_GivesASignedReadableJwtForTheApi_AndARefreshTokenThatWorks()
    {
        var (id, mobile) = await app.SignUpAsync();

        var response = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = "Passw0rd!",
            ["scope"] = "alliance-api offline_access",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var (header, payload) = Jwt.Read(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(id.ToString(), payload.GetProperty("sub").GetString());
        Assert.Equal(IdentityApp.Issuer, payload.GetProperty("iss").GetString());
        Assert.Contains("alliance-api", Values(payload.GetProperty("aud")));
        Assert.Contains("resident", Values(payload.GetProperty("role")));
        Assert.False(payload.TryGetProperty("phone_number", out _));

        var refreshed = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var again = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!;
        Assert.Equal(id.ToString(), Jwt.Read(again).Payload.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount_EvenAgainstTheRightOne()
    {
        var (_, mobile) = await app.SignUpAsync();

        for (var i = 0; i < 3; i++)
        {
            var wrong = await app.RequestTokenAsync(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = mobile, ["password"] = "Wrong1pass" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Equal("invalid_grant", (await wrong.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error").GetString());
        }

        var right = await app.RequestTokenAsync(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = mobile, ["password"] = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", (await right.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartnerSystem_GetsATokenBoundToItsMerchant_AndAWrongSecretGetsNone()
    {
        var granted = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = IdentityApp.PartnerClientId,
            ["client_secret"] = IdentityApp.PartnerClientSecret,
            ["scope"] = "alliance-api",
        });
        var refused = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = IdentityApp.PartnerClientId,
            ["client_secret"] = "guessed",
        });

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var token = (await granted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!;
        Assert.Equal(IdentityApp.PartnerMerchantId.ToString(), Jwt.Read(token).Payload.GetProperty("merchant_id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Discovery_SeenThroughTheGateway_ListsThePublicTokenAndKeyUrls()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/identity/.well-known/openid-configuration");
        // What the gateway sends; Identity trusts it from loopback only.
        request.Headers.Add("X-Forwarded-Host", "gateway.test");
        request.Headers.Add("X-Forwarded-Proto", "http");
        request.Headers.Add("X-Forwarded-Prefix", "/api");

        var discovery = await (await app.Client.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(IdentityApp.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://gateway.test/api/identity/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://gateway.test/api/identity/.well-known/jwks", discovery.GetProperty("jwks_uri").GetString());
        var keys = await app.Client.GetFromJsonAsync<JsonElement>("/identity/.well-known/jwks", TestContext.Current.CancellationToken);
        Assert.Equal("RSA", keys.GetProperty("keys")[0].GetProperty("kty").GetString());
    }

    [Fact]
    public async Task Discovery_IgnoresAForwardedHostOtherThanTheIssuers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/identity/.well-known/openid-configuration");
        request.Headers.Add("X-Forwarded-Host", "evil.test");
        request.Headers.Add("X-Forwarded-Prefix", "/api");

        var discovery = await (await app.Client.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("evil.test", discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.test", discovery.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Values(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()) : [element.GetString()];
}
