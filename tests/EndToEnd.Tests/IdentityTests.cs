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
    private static int sequence;

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
        var mobile = $"134{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref sequence) % 100000:D5}";
        var signUp = await system.Gateway.PostAsJsonAsync("/api/identity/accounts", new { mobile, password = "Passw0rd!", displayName }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        var id = (await signUp.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var login = await system.Gateway.PostAsync("/api/identity/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = "Passw0rd!",
            ["scope"] = "alliance-api",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (id, (await login.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
