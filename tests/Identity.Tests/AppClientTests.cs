using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>The apps' public client (decision 0013): no secret, tokens that name it, and no other id taken on trust.</summary>
public sealed class AppClientTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePasswordGrant_AsThePublicAppClient_GivesTokensThatNameIt_AndARefreshThatKeepsNamingIt()
    {
        var (id, mobile) = await app.SignUpAsync();

        var tokens = await OkAsync(await app.RequestTokenAsync(Password(mobile, "alliance-app")));
        var access = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(["alliance-app"], Jwt.Claim(access, "client_id"));
        Assert.Equal([id.ToString()], Jwt.Claim(access, "sub"));
        Assert.Contains("alliance-api", Jwt.Claim(access, "aud"));

        var refreshed = await OkAsync(await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "alliance-app",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        }));
        Assert.Equal(["alliance-app"], Jwt.Claim(refreshed.GetProperty("access_token").GetString()!, "client_id"));
    }

    [Fact]
    public async Task ThePasswordGrant_WithNoClientId_WorksAsBefore_AndNamesNoClient()
    {
        var (_, mobile) = await app.SignUpAsync();

        var tokens = await OkAsync(await app.RequestTokenAsync(Password(mobile, clientId: null)));

        Assert.Empty(Jwt.Claim(tokens.GetProperty("access_token").GetString()!, "client_id"));
    }

    [Fact]
    public async Task AnUnknownClientId_IsRefusedWithInvalidClient()
    {
        var (_, mobile) = await app.SignUpAsync();

        var refused = await app.RequestTokenAsync(Password(mobile, "some-other-app"));

        // RFC 6749 5.2: a client that fails to authenticate may be answered 401.
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_client", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ThePublicAppClient_CannotUseClientCredentials()
    {
        var refused = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "alliance-app",
            ["scope"] = "alliance-api",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("access_token", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Password(string mobile, string? clientId)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = "Passw0rd!",
            ["scope"] = "alliance-api offline_access",
        };
        if (clientId is not null)
        {
            form["client_id"] = clientId;
        }

        return form;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
