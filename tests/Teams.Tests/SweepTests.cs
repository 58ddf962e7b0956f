using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>The sweeps of issue 12, generated from Teams' route table.</summary>
public sealed class SweepTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    [Fact]
    public void EveryRoute_DeclaresAnAccessClass() => Sweeps.EveryRouteDeclaresAnAccessClass(app.Host.Services);

    [Fact]
    public void EveryGrpcMethod_NamesTheServicesThatMayCallIt() => Sweeps.EveryGrpcMethodNamesItsCallers(app.Host.Services);

    [Fact]
    public void NoRequestType_CarriesStateOrOwnerFields() => Sweeps.RequestTypesCarryNoForbiddenFields(app.Host.Services);

    [Fact]
    public async Task EveryNonPublicRoute_RefusesForgedTokens_AndAnotherServicesToken() =>
        await Sweeps.BadTokensAreRefusedAsync(
            app.Host.Services, app.WithToken, app.DatabaseConnectionString, await SampleAsync(), await app.Identity.ServiceTokenAsync("points"));

    [Fact]
    public async Task EveryNonPublicRoute_RefusesAnonymousCalls() =>
        await Sweeps.AnonymousCallsAreRefusedAsync(app.Host.Services, app.Client, app.DatabaseConnectionString, await SampleAsync());

    [Fact]
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherVolunteer()
    {
        var sample = await SampleAsync();
        var (_, stranger) = await app.SignInAsVolunteerAsync();

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
    }

    [Fact]
    public async Task InjectedStateAndOwnerFields_AreIgnored() => await Sweeps.InjectedFieldsAreIgnoredAsync(app.Host.Services, await SampleAsync());

    /// <summary>A team led by a volunteer who is not the sweeping caller; that leader may write to it.</summary>
    private async Task<SweepSample> SampleAsync()
    {
        var (_, leader) = await app.SignInAsVolunteerAsync();
        var created = await leader.PostAsJsonAsync("/teams", new { name = $"暖心橙{Guid.NewGuid():N}"[..10], communityId = "wanda" });
        created.EnsureSuccessStatusCode();
        var team = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var sample = new SweepSample();
        sample.RouteValues["id"] = team.ToString();
        sample.Bodies["POST /teams"] = new { name = $"守护蓝{Guid.NewGuid():N}"[..10], communityId = "wanda" };
        sample.Writers["POST /teams"] = (await app.SignInAsVolunteerAsync()).Client;
        sample.Bodies["PATCH /teams/{id:guid}"] = new { name = $"五老红{Guid.NewGuid():N}"[..10] };
        sample.Writers["PATCH /teams/{id:guid}"] = leader;
        return sample;
    }
}
