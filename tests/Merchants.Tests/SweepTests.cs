using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>The sweeps of issue 12, generated from Merchants' route table.</summary>
public sealed class SweepTests(MerchantsApp app) : IClassFixture<MerchantsApp>
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
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherPerson_AndAnAdminOfAnotherCommunity()
    {
        var sample = await SampleAsync();
        var (_, stranger) = await app.SignInAsync();
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
        await Sweeps.BolaAsync(app.Host.Services, otherAdmin, app.DatabaseConnectionString, sample);
    }

    [Fact]
    public async Task InjectedStateAndOwnerFields_AreIgnored() => await Sweeps.InjectedFieldsAreIgnoredAsync(app.Host.Services, await SampleAsync());

    private async Task<SweepSample> SampleAsync()
    {
        var (_, registrant) = await app.SignInAsync();
        var created = await registrant.PostAsJsonAsync("/merchants", new { name = "泉韵家电维修", licenceNumber = LicenceNumbers.Next(), trade = new[] { "appliance_repair" }, communityId = "quanyun" });
        created.EnsureSuccessStatusCode();
        var sample = new SweepSample();
        sample.RouteValues["id"] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().ToString();
        sample.Bodies["POST /merchants"] = new { name = "景星便民理发", licenceNumber = LicenceNumbers.Next(), trade = new[] { "haircut" }, communityId = "jingxing" };
        sample.Writers["POST /merchants"] = (await app.SignInAsync()).Client;
        return sample;
    }
}
