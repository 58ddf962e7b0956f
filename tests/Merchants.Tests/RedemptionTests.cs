using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Merchants.Redemptions;
using Alliance.Messaging.DueWork;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>Redemption of points rewards against the real Points service.</summary>
public sealed class RedemptionTests(MerchantsWithPointsApp app) : IClassFixture<MerchantsWithPointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVolunteerRedeems_TheStaffConfirmTheCode_AndThePointsAreSpentOnce()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("老街坊理发店", "jingxing", "haircut");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: 30));
        var (volunteer, client) = await VolunteerWithAsync(100);

        var response = await client.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);
        var redemption = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = redemption.GetProperty("code").GetString()!;
        var held = await app.Points.BalanceAsync(volunteer);
        var confirmation = await staff.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = code.ToLowerInvariant() }, Ct);
        var again = await staff.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Redemption.CodeLength, code.Length);
        Assert.Equal((70L, 30L), held);
        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "redemption_already_confirmed");
        Assert.Equal((70L, 0L), await app.Points.BalanceAsync(volunteer));
        var id = redemption.GetProperty("id").GetGuid();
        Assert.Equal(30L, Assert.Single(await app.PublishedAsync<OfferRedeemed>(e => e.RedemptionId == id)).Points);
        Assert.Equal(volunteer, Assert.Single(await app.PublishedAsync<RedemptionConfirmed>(e => e.RedemptionId == id)).VolunteerId);
        var mine = await client.GetFromJsonAsync<JsonElement>("/merchants/redemptions/mine", Ct);
        Assert.Equal("confirmed", Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HundredConcurrentRedemptions_AgainstABalanceCoveringSeven_IssueExactlySevenCodes_AndQuotaAndBalanceAgree()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("城北星际保龄球馆", "wanda", "activity_wish");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", quota: 1000, period: "day", pointsCost: 10));
        var (volunteer, client) = await VolunteerWithAsync(75);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct)));

        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_points");
        }

        Assert.Equal((5L, 70L), await app.Points.BalanceAsync(volunteer));
        var view = await client.GetFromJsonAsync<JsonElement>($"/merchants/offers/{offer}", Ct);
        Assert.Equal(1000 - 7, view.GetProperty("quotaLeft").GetInt32());
        await using var db = app.CreateDbContext();
        Assert.Equal(7, await db.Redemptions.CountAsync(r => r.OfferId == offer && r.Status == RedemptionStatus.Issued, Ct));
        Assert.Equal(7, (await db.Redemptions.Where(r => r.OfferId == offer && r.Status == RedemptionStatus.Issued).Select(r => r.Code).ToListAsync(Ct)).Distinct().Count());
    }

    [Fact]
    public async Task AnUnconfirmedCode_Expires_ReleasingThePointsAndTheQuota()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("泉韵便民茶水铺", "quanyun", "errands");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", quota: 1, period: "month", pointsCost: 20));
        var (volunteer, client) = await VolunteerWithAsync(50);
        var (_, other) = await VolunteerWithAsync(50);
        var response = await client.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);
        var redemption = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = redemption.GetProperty("id").GetGuid();
        var usedUp = await other.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);

        await ShiftIntoThePastAsync(id);

        // The sweeper expires it, and publishes RedemptionExpired in that transaction.
        Assert.Single(await Eventually.ReturnsAsync(() => app.PublishedAsync<RedemptionExpired>(e => e.RedemptionId == id), expired => expired.Count > 0, "RedemptionExpired"));
        await usedUp.AssertProblemAsync(HttpStatusCode.Conflict, "offer_quota_exhausted");
        Assert.Equal((50L, 0L), await app.Points.BalanceAsync(volunteer));
        var view = await client.GetFromJsonAsync<JsonElement>($"/merchants/offers/{offer}", Ct);
        Assert.Equal(1, view.GetProperty("quotaLeft").GetInt32());
        var confirm = await staff.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = redemption.GetProperty("code").GetString() }, Ct);
        await confirm.AssertProblemAsync(HttpStatusCode.Conflict, "redemption_expired");
    }

    [Fact]
    public async Task WhenPointsIsDown_ARedemptionFailsWith503_AndNothingStaysHeld()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("惠民家电维修部", "daguanmingyuan", "appliance_repair");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", quota: 5, pointsCost: 40));
        var (volunteer, client) = await VolunteerWithAsync(100);
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:points:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var cutOffClient = cutOff.CreateClient();
        cutOffClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        await cutOffClient.WaitUntilReadyAsync();

        var response = await cutOffClient.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "points_unavailable");
        Assert.Equal((100L, 0L), await app.Points.BalanceAsync(volunteer));
        var view = await client.GetFromJsonAsync<JsonElement>($"/merchants/offers/{offer}", Ct);
        Assert.Equal(5, view.GetProperty("quotaLeft").GetInt32());
        await using var db = app.CreateDbContext();
        Assert.Equal(RedemptionStatus.Abandoned, (await db.Redemptions.SingleAsync(r => r.OfferId == offer, Ct)).Status);
    }

    [Fact]
    public async Task RedeemingAnExpiredOffer_OrAsANonVolunteer_IsRefused()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync();
        var over = MerchantsApp.Offer("pointsReward", pointsCost: 10);
        (over["validFrom"], over["validUntil"]) = ("2020-01-01", "2020-01-31");
        var expiredOffer = await MerchantsApp.PublishAsync(staff, merchant, over);
        var (_, client) = await VolunteerWithAsync(100);
        var (_, resident) = await app.SignInAsync();

        await (await client.PostAsJsonAsync($"/merchants/offers/{expiredOffer}/redemptions", new { }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "offer_expired");
        await (await resident.PostAsJsonAsync($"/merchants/offers/{expiredOffer}/redemptions", new { }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task APartnerClient_ConfirmsItsOwnMerchantsCode_AndIsRefusedAnothers()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("巧手裁缝铺", "xintang", "housekeeping");
        var (otherMerchant, _, otherStaff) = await app.VerifiedMerchantAsync("平江裁缝铺", "wanda", "housekeeping");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: 10));
        var otherOffer = await MerchantsApp.PublishAsync(otherStaff, otherMerchant, MerchantsApp.Offer("pointsReward", pointsCost: 10));
        var (_, client) = await VolunteerWithAsync(100);
        var own = await CodeAsync(client, offer);
        var others = await CodeAsync(client, otherOffer);
        using var partner = app.WithToken(await app.PartnerTokenAsync(merchant));

        var notItsMerchant = await partner.PostAsJsonAsync($"/merchants/{otherMerchant}/redemptions/confirmation", new { code = others }, Ct);
        var notItsCode = await partner.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = others }, Ct);
        var confirmed = await partner.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = own }, Ct);
        var listed = await partner.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions?status=confirmed", Ct);

        await notItsMerchant.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
        await notItsCode.AssertProblemAsync(HttpStatusCode.NotFound, "redemption_not_found");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal($"{own[..2]}****{own[^2..]}", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("code").GetString());
        await using var db = app.CreateDbContext();
        Assert.Equal($"merchant-{merchant:N}", (await db.Redemptions.SingleAsync(r => r.Code == own, Ct)).ConfirmedByClient);
    }

    private Task<(Guid Id, HttpClient Client)> VolunteerWithAsync(long points) => app.VolunteerWithAsync(points);

    private static async Task<string> CodeAsync(HttpClient volunteer, Guid offer)
    {
        var response = await volunteer.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
    }

    /// <summary>Moves the redemption's stored due time into the past, so the sweeper takes it now.</summary>
    private async Task ShiftIntoThePastAsync(Guid redemption)
    {
        await using var db = app.CreateDbContext();
        await db.Set<DueWorkItem>().Where(d => d.Key == redemption.ToString())
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct);
    }
}
