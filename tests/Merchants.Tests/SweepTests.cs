using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>The sweeps of issue 12, generated from Merchants' route table.</summary>
public sealed class SweepTests(MerchantsWithPointsApp app) : SweepTests<Service>(app), IClassFixture<MerchantsWithPointsApp>
{
    [Fact]
    public void NoRequestType_CarriesStateOrOwnerFields() => Sweeps.RequestTypesCarryNoForbiddenFields(app.Host.Services);

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

    protected override async Task<SweepSample> SampleAsync()
    {
        var (merchant, registrant, staff) = await app.VerifiedMerchantAsync("泉韵家电维修", "quanyun", "appliance_repair");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer());
        var (_, resident) = await app.SignInAsync();
        var booked = await resident.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { });
        booked.EnsureSuccessStatusCode();
        var sample = new SweepSample();
        // Other classes revoke and rotate partner clients at any time; every fixture hears PartnerClientRevoked.
        sample.EventFedTables.Add("revoked_clients");
        sample.RouteValues["id"] = merchant.ToString();
        sample.RouteValues["offerId"] = offer.ToString();
        sample.RouteValues["accountId"] = registrant.ToString();
        sample.RouteValues["bookingId"] = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().ToString();
        sample.Readers["GET /merchants/{id:guid}/staff"] = staff;
        sample.Readers["GET /merchants/{id:guid}/bookings"] = staff;
        sample.Readers["GET /merchants/{id:guid}/redemptions"] = staff;

        sample.Bodies["POST /merchants"] = new { name = "景星便民理发", licenceNumber = LicenceNumbers.Next(), trade = new[] { "haircut" }, communityId = "jingxing" };
        sample.Writers["POST /merchants"] = (await app.SignInAsync()).Client;
        // Rejection ends what it acts on: it rejects a pending business of its own.
        const string rejection = "POST /merchants/{id:guid}/rejection";
        var (_, applicant) = await app.SignInAsync();
        sample.RouteValuesOf[rejection] = new() { ["id"] = (await MerchantsApp.RegisterAsync(applicant, "抚顺茶铺", "fushun", "errands")).ToString() };
        sample.Bodies[rejection] = new { reason = "营业执照已过期" };
        sample.Writers[rejection] = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);
        // A street admin adds staff directly; the staff invite, and the invited person answers.
        var streetAdmin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);
        sample.Bodies["POST /merchants/{id:guid}/staff"] = new { accountId = (await app.Identity.SignUpAsync("店员")).Id };
        sample.Writers["POST /merchants/{id:guid}/staff"] = streetAdmin;
        sample.Bodies["POST /merchants/{id:guid}/staff/invitations"] = new { accountId = (await app.Identity.SignUpAsync("店员")).Id };
        sample.Writers["POST /merchants/{id:guid}/staff/invitations"] = staff;
        sample.Readers["GET /merchants/{id:guid}/staff/invitations"] = staff;
        var (toWithdraw, _) = await app.SignInAsync("店员");
        var pending = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = toWithdraw });
        pending.EnsureSuccessStatusCode();
        sample.RouteValuesOf["DELETE /merchants/{id:guid}/staff/invitations/{invitationId:guid}"] = new()
        {
            ["id"] = merchant.ToString(),
            ["invitationId"] = (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().ToString(),
        };
        sample.Writers["DELETE /merchants/{id:guid}/staff/invitations/{invitationId:guid}"] = staff;
        foreach (var answer in new[] { "acceptance", "declination" })
        {
            var route = $"POST /merchants/{{id:guid}}/staff/invitations/{{invitationId:guid}}/{answer}";
            var (invited, invitedClient) = await app.SignInAsync("店员");
            var invitation = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = invited });
            invitation.EnsureSuccessStatusCode();
            sample.RouteValuesOf[route] = new()
            {
                ["id"] = merchant.ToString(),
                ["invitationId"] = (await invitation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().ToString(),
            };
            sample.Writers[route] = invitedClient;
        }

        // Suspension and reinstatement act on businesses of their own, so the sample's stays verified.
        var (toSuspend, _, _) = await app.VerifiedMerchantAsync("泉韵修鞋", "quanyun", "appliance_repair");
        sample.RouteValuesOf["POST /merchants/{id:guid}/suspension"] = new() { ["id"] = toSuspend.ToString() };
        sample.Bodies["POST /merchants/{id:guid}/suspension"] = new { reason = "多次投诉" };
        sample.Writers["POST /merchants/{id:guid}/suspension"] = streetAdmin;
        var (suspended, _, _) = await app.VerifiedMerchantAsync("泉韵配钥匙", "quanyun", "appliance_repair");
        (await streetAdmin.PostAsJsonAsync($"/merchants/{suspended}/suspension", new { reason = "整改中" })).EnsureSuccessStatusCode();
        sample.RouteValuesOf["POST /merchants/{id:guid}/reinstatement"] = new() { ["id"] = suspended.ToString() };
        sample.Writers["POST /merchants/{id:guid}/reinstatement"] = streetAdmin;
        sample.Bodies["POST /merchants/{id:guid}/offers"] = MerchantsApp.Offer("lowCost", priceFen: 300);
        sample.Writers["POST /merchants/{id:guid}/offers"] = staff;
        sample.Bodies["POST /merchants/offers/{offerId:guid}/bookings"] = new { };
        sample.Writers["POST /merchants/offers/{offerId:guid}/bookings"] = (await app.SignInAsync()).Client;
        // Redemption takes a points reward and a volunteer with points; confirmation, a code of its own.
        const string redemption = "POST /merchants/offers/{offerId:guid}/redemptions";
        var reward = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: 10));
        var (volunteer, volunteerClient) = await app.SignInAsVolunteerAsync();
        await app.Points.CreditAsync(volunteer, 50);
        sample.RouteValuesOf[redemption] = new() { ["offerId"] = reward.ToString() };
        sample.Bodies[redemption] = new { };
        sample.Writers[redemption] = volunteerClient;
        var issued = await volunteerClient.PostAsJsonAsync($"/merchants/offers/{reward}/redemptions", new { });
        issued.EnsureSuccessStatusCode();
        var issuedRedemption = await issued.Content.ReadFromJsonAsync<JsonElement>();
        sample.RouteValues["redemptionId"] = issuedRedemption.GetProperty("id").GetGuid().ToString();
        sample.Readers["GET /merchants/redemptions/{redemptionId:guid}"] = volunteerClient;
        const string confirmation = "POST /merchants/{id:guid}/redemptions/confirmation";
        sample.Bodies[confirmation] = new { code = issuedRedemption.GetProperty("code").GetString() };
        sample.Writers[confirmation] = staff;
        return sample;
    }
}
