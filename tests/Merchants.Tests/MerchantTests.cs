using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Testing;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Merchants.Tests;

public sealed class MerchantTests(MerchantsApp app) : IClassFixture<MerchantsApp>
{
    [Fact]
    public async Task Register_WithAValidLicence_Returns201Pending_AndPublishesMerchantRegistered()
    {
        var (registrant, client) = await app.SignInAsync();
        var licence = LicenceNumbers.Next();

        var response = await client.PostAsJsonAsync("/merchants",
            new { name = "城北保龄球馆", licenceNumber = licence, trade = new[] { "activity_wish", "culture_show" }, communityId = "wanda" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var merchant = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("pending", merchant.GetProperty("status").GetString());
        Assert.Equal(["activity_wish", "culture_show"], merchant.GetProperty("trade").EnumerateArray().Select(t => t.GetString()));
        var id = merchant.GetProperty("id").GetGuid();
        Assert.Equal(registrant, Assert.Single(await app.PublishedAsync<MerchantRegistered>(e => e.MerchantId == id)).RegisteredBy);
    }

    [Theory]
    [InlineData("91320508MA1MXXXX", "credit_code_length")]
    [InlineData("91320508MA1MXXXXX0", "credit_code_check")]
    public async Task Register_WithABadLicence_Returns400NamingTheRule_AndSavesNothing(string licence, string rule)
    {
        var (_, client) = await app.SignInAsync();
        var response = await client.PostAsJsonAsync("/merchants",
            new { name = "平江理财工作室", licenceNumber = licence, trade = new[] { "finance_advice" }, communityId = "wanda" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(rule, problem.GetProperty("errors").GetProperty("licenceNumber")[0].GetString());
        await using var db = app.CreateDbContext();
        Assert.False(await db.Merchants.AnyAsync(m => m.LicenceNumber == licence, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Register_WithAnUnknownTrade_Returns400()
    {
        var (_, client) = await app.SignInAsync();
        var response = await client.PostAsJsonAsync("/merchants",
            new { name = "春分街茶铺", licenceNumber = LicenceNumbers.Next(), trade = new[] { "cool_tea" }, communityId = "wanda" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_kind", problem.GetProperty("errors").GetProperty("trade")[0].GetString());
    }

    [Fact]
    public async Task Register_TheSameLicenceTwice_Returns409()
    {
        var (_, client) = await app.SignInAsync();
        var licence = LicenceNumbers.Next();
        (await client.PostAsJsonAsync("/merchants", new { name = "万达家电维修", licenceNumber = licence, trade = new[] { "appliance_repair" }, communityId = "wanda" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var again = await client.PostAsJsonAsync("/merchants", new { name = "万达家电维修二店", licenceNumber = licence, trade = new[] { "appliance_repair" }, communityId = "wanda" }, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "licence_already_registered");
    }

    [Fact]
    public async Task GetMerchant_OverGrpc_ReturnsItsTrade_AndNotFoundForAnUnknownId()
    {
        var (_, client) = await app.SignInAsync();
        var created = await client.PostAsJsonAsync("/merchants", new { name = "新塘理发店", licenceNumber = LicenceNumbers.Next(), trade = new[] { "haircut" }, communityId = "xintang" }, TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new MerchantsService.MerchantsServiceClient(channel);
        var headers = await app.AsServiceAsync("needs");

        var merchant = await grpc.GetMerchantAsync(new GetMerchantRequest { MerchantId = id }, headers, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<RpcException>(() => grpc.GetMerchantAsync(
            new GetMerchantRequest { MerchantId = Guid.CreateVersion7().ToString() }, headers, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(["haircut"], merchant.Trade);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
