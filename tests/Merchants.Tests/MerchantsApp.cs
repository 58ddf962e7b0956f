using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Merchants.Data;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Merchants.Tests;

public class MerchantsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal MerchantsDbContext CreateDbContext() => CreateDbContext<MerchantsDbContext>();

    /// <summary>Identity's internal gRPC, for the names of people in lists.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings() =>
        new Dictionary<string, string?> { ["services:identity:grpc:0"] = Identity.Host.GrpcDiscoveryValue };

    /// <summary>
    /// A business as the real flow makes one: a person registers it, an admin of its community
    /// verifies it, and the registrant logs in again with merchant-staff for it (as Identity grants it
    /// once Merchants says so: <see cref="IdentityApp.LoginWithRoleAsync"/>). Returns the merchant's id and the registrant's (staff) client.
    /// </summary>
    public async Task<(Guid Merchant, Guid Registrant, HttpClient Staff)> VerifiedMerchantAsync(
        string name = "城北保龄球馆", string communityId = "wanda", params string[] trade)
    {
        var (registrant, mobile) = await Identity.SignUpAsync("店主");
        using var client = WithToken(await Identity.LoginAsync(mobile));
        var merchant = await RegisterAsync(client, name, communityId, trade);
        // The street admin Identity bootstraps verifies it: any street admin may, and this one is signed in already.
        using var admin = await Identity.StreetAdminClientAsync(Host.HttpAddress);
        (await admin.PostAsync($"/merchants/{merchant}/verification", null)).EnsureSuccessStatusCode();
        return (merchant, registrant, WithToken(await Identity.LoginWithRoleAsync(mobile, Roles.MerchantStaff, merchant)));
    }

    public static async Task<Guid> RegisterAsync(HttpClient client, string name = "城北保龄球馆", string communityId = "wanda", params string[] trade)
    {
        var created = await client.PostAsJsonAsync("/merchants", new
        {
            name,
            licenceNumber = LicenceNumbers.Next(),
            trade = trade.Length == 0 ? ["activity_wish"] : trade,
            communityId,
            address = "万达广场3楼",
            contactName = "王经理",
            contactMobile = "13912340000",
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The street admin issues the merchant's partner client at Identity (once Identity has heard MerchantVerified), and it logs in.</summary>
    public async Task<string> PartnerTokenAsync(Guid merchant)
    {
        var (clientId, secret) = await IssuePartnerClientAsync(merchant);
        using var token = await RequestPartnerTokenAsync(clientId, secret);
        token.EnsureSuccessStatusCode();
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>The street admin issues (or rotates) the merchant's partner client, once Identity has heard MerchantVerified.</summary>
    public async Task<(string ClientId, string Secret)> IssuePartnerClientAsync(Guid merchant)
    {
        using var admin = await Identity.StreetAdminClientAsync();
        // 409 until Identity has heard the merchant was verified.
        var issued = await Eventually.ReturnsAsync(
            () => admin.PostAsync($"/identity/merchants/{merchant}/partner-client", null),
            response => response.StatusCode != HttpStatusCode.Conflict,
            $"A partner client for {merchant}");
        issued.EnsureSuccessStatusCode();
        var client = await issued.Content.ReadFromJsonAsync<JsonElement>();
        return (client.GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!);
    }

    /// <summary>The client_credentials grant at Identity, as a partner system asks for its token.</summary>
    public Task<HttpResponseMessage> RequestPartnerTokenAsync(string clientId, string secret) =>
        Identity.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = "alliance-api",
        });

    /// <summary>Publishes an offer as the merchant's staff; returns its id.</summary>
    public static async Task<Guid> PublishAsync(HttpClient staff, Guid merchant, object offer)
    {
        var response = await staff.PostAsJsonAsync($"/merchants/{merchant}/offers", offer);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Publishing failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An offer body valid from yesterday for a month, in Asia/Shanghai dates.</summary>
    public static Dictionary<string, object?> Offer(string kind = "publicBenefit", int quota = 10, string period = "month", int? priceFen = null, int? pointsCost = null, object? eligibility = null)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        return new()
        {
            ["title"] = "老年人每月免费保龄球一局",
            ["description"] = "凭身份证到前台登记",
            ["kind"] = kind,
            ["priceFen"] = priceFen,
            ["pointsCost"] = pointsCost,
            ["validFrom"] = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["validUntil"] = today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["quota"] = quota,
            ["quotaPeriod"] = period,
            ["eligibility"] = eligibility,
        };
    }
}
