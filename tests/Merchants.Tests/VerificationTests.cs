using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

namespace Alliance.Merchants.Tests;

public sealed class VerificationTests(MerchantsApp app) : IClassFixture<MerchantsApp>
{
    [Fact]
    public async Task AnAdminOfTheCommunity_Verifies_AndTheRegistrantBecomesStaff()
    {
        var (registrant, merchant) = await RegisterAsync("wanda");
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        var response = await admin.PostAsync($"/merchants/{merchant}/verification", null, TestContext.Current.CancellationToken);
        var again = await admin.PostAsync($"/merchants/{merchant}/verification", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("verified", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        Assert.Equal(registrant, Assert.Single(await app.PublishedAsync<MerchantStaffAdded>(e => e.MerchantId == merchant)).AccountId);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_pending");
    }

    [Fact]
    public async Task TheRegistrant_AnAdminOfAnotherCommunity_AndAResident_CannotVerify()
    {
        var (_, merchant) = await RegisterAsync("fushun");
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, resident) = await app.SignInAsync();

        var outOfScope = await otherAdmin.PostAsync($"/merchants/{merchant}/verification", null, TestContext.Current.CancellationToken);
        var notAnAdmin = await resident.PostAsync($"/merchants/{merchant}/verification", null, TestContext.Current.CancellationToken);

        await outOfScope.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
        await notAnAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var read = await resident.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}", TestContext.Current.CancellationToken);
        Assert.Equal("pending", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACommunityAdminWhoRegisteredTheBusiness_CannotVerifyIt()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "xintang");
        var created = await admin.PostAsJsonAsync("/merchants", new { name = "新塘便民超市", licenceNumber = LicenceNumbers.Next(), trade = new[] { "errands" }, communityId = "xintang" }, TestContext.Current.CancellationToken);
        var merchant = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        var response = await admin.PostAsync($"/merchants/{merchant}/verification", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
    }

    private async Task<(Guid Registrant, Guid Merchant)> RegisterAsync(string communityId)
    {
        var (registrant, client) = await app.SignInAsync();
        var created = await client.PostAsJsonAsync("/merchants", new { name = "城北保龄球馆", licenceNumber = LicenceNumbers.Next(), trade = new[] { "activity_wish" }, communityId }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        return (registrant, (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid());
    }
}
