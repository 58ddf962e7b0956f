using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>The sweeps of issue 12, generated from Identity's route table.</summary>
public sealed class SweepTests(IdentityApp app) : SweepTests<Alliance.Identity.Service>(app), IClassFixture<IdentityApp>
{
    [Fact]
    public void NoRequestType_CarriesStateOrOwnerFields() => Sweeps.RequestTypesCarryNoForbiddenFields(app.Host.Services);

    [Fact]
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherPerson_AnAdminOfAnotherCommunity_AndAGridWorkerOfAnotherCell()
    {
        var sample = await SampleAsync();
        var (_, stranger) = await app.SignedInAsAsync(Roles.Resident);
        var (_, otherAdmin) = await app.SignedInAsAsync(Roles.CommunityAdmin, "fushun");
        var (_, otherGridWorker) = await app.SignedInAsAsync(Roles.GridWorker, "wanda", ["wanda-02"]);

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
        await Sweeps.BolaAsync(app.Host.Services, otherAdmin, app.DatabaseConnectionString, sample);
        await Sweeps.BolaAsync(app.Host.Services, otherGridWorker, app.DatabaseConnectionString, sample);
    }

    [Fact]
    public async Task InjectedStateAndOwnerFields_AreIgnored() => await Sweeps.InjectedFieldsAreIgnoredAsync(app.Host.Services, await SampleAsync());

    /// <summary>
    /// An assisted account in cell wanda-01, holding a grid-worker role there, that is not the
    /// sweeping caller's; the street admin may write every route.
    /// </summary>
    protected override Task<string> ServiceTokenAsync() => app.ServiceTokenAsync("points");

    protected override Task<string> PartnerTokenAsync() => app.PartnerTokenAsync();

    protected override async Task<SweepSample> SampleAsync()
    {
        var streetAdmin = await app.StreetAdminClientAsync();
        var assisted = await streetAdmin.PostAsJsonAsync("/identity/assisted-accounts", AssistedBody());
        assisted.EnsureSuccessStatusCode();
        var owner = (await assisted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.GrantRoleAsync(owner, Roles.GridWorker, "wanda", ["wanda-01"]);

        var sample = new SweepSample();
        sample.RouteValues["id"] = owner.ToString();
        sample.RouteValues["role"] = Roles.GridWorker;
        sample.RouteValues["merchantId"] = Guid.CreateVersion7().ToString();
        // Other classes' MerchantVerified land in every Identity fixture's consumer (one broker per project).
        sample.EventFedTables.Add("verified_merchants");
        sample.Readers["GET /identity/assisted-accounts/{id:guid}"] = streetAdmin;
        sample.Bodies["POST /identity/accounts/{id:guid}/roles"] = new { role = Roles.GridWorker, communityId = "wanda", gridIds = new[] { "wanda-01" } };
        sample.Writers["POST /identity/accounts/{id:guid}/roles"] = streetAdmin;
        sample.Bodies["POST /identity/assisted-accounts"] = AssistedBody();
        sample.Writers["POST /identity/assisted-accounts"] = streetAdmin;
        sample.Bodies["POST /identity/accounts"] = new { mobile = IdentityApp.NextMobile(), password = "Passw0rd!", displayName = "新邻居" };
        sample.Writers["POST /identity/accounts"] = app.Client;
        sample.Bodies["PATCH /identity/accounts/me"] = new { displayName = "新名字" };
        sample.Writers["PATCH /identity/accounts/me"] = (await app.SignedInAsAsync(Roles.Resident)).Client;
        return sample;
    }

    private static object AssistedBody() => new
    {
        displayName = "张大爷",
        communityId = "wanda",
        gridId = "wanda-01",
        consent = new { givenBy = "familyMember", giverName = "张小红", relationship = "女儿", method = "inPerson", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5) },
    };
}
