using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Accounts and tokens through the one public door.</summary>
public sealed class IdentityTests(AllianceSystem system)
{
    [Fact]
    public async Task ANewUser_SignsUp_LogsIn_AndReadsOwnAccount_ButNotAnothers()
    {
        var (me, myToken) = await SignUpAndLogInAsync("李阿爹");
        var (other, _) = await SignUpAndLogInAsync("邻居");

        using var own = Request(HttpMethod.Get, $"/api/identity/accounts/{me}", myToken);
        using var others = Request(HttpMethod.Get, $"/api/identity/accounts/{other}", myToken);
        var ownResponse = await system.Gateway.SendAsync(own, TestContext.Current.CancellationToken);
        var othersResponse = await system.Gateway.SendAsync(others, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);
        Assert.Equal("李阿爹", (await ownResponse.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("displayName").GetString());
        await othersResponse.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task Discovery_ThroughTheGateway_ListsThePublicTokenAndKeyUrls()
    {
        var discovery = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/identity/.well-known/openid-configuration", TestContext.Current.CancellationToken);
        var publicBase = system.Gateway.BaseAddress!.GetLeftPart(UriPartial.Authority);

        Assert.Equal($"{publicBase}/api/identity/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{publicBase}/api/identity/.well-known/jwks", discovery.GetProperty("jwks_uri").GetString());
        Assert.EndsWith("/api/identity/", discovery.GetProperty("issuer").GetString(), StringComparison.Ordinal);
    }

    private async Task<(Guid Id, string Token)> SignUpAndLogInAsync(string displayName)
    {
        var people = new People(system);
        var (id, mobile) = await people.SignUpAsync(displayName);
        return (id, await people.LogInAsync(mobile));
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
