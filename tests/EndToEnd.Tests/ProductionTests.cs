using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>The whole system runs as Production, over in-network http that the AppHost allows explicitly.</summary>
public sealed class ProductionTests(AllianceSystem system)
{
    [Fact]
    public void EveryApp_RunsAsProduction_WithHttpToIdentityAllowedExplicitly()
    {
        foreach (var resource in AllianceSystem.Resources)
        {
            Assert.Equal(AllianceSystem.AppEnvironment, system.EnvironmentVariable(resource, "ASPNETCORE_ENVIRONMENT"));
            Assert.Equal("true", system.EnvironmentVariable(resource, "Identity__AllowHttp"));
        }
    }

    [Fact]
    public async Task ThePasswordGrant_OverHttpThroughTheGateway_IsServed()
    {
        using var response = await system.Gateway.PostAsync("/api/identity/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = AllianceSystem.StreetAdminMobile,
            ["password"] = AllianceSystem.StreetAdminPassword,
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("token_type").GetString());
    }
}
