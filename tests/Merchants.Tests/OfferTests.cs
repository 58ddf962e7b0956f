using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Merchants.Tests;

public sealed class OfferTests(MerchantsApp app) : IClassFixture<MerchantsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("lowCost", -100, null, "priceFen", "negative")]
    [InlineData("lowCost", null, null, "priceFen", "required")]
    [InlineData("pointsReward", null, -5, "pointsCost", "negative")]
    [InlineData("pointsReward", null, 0, "pointsCost", "required")]
    [InlineData("publicBenefit", 500, null, "priceFen", "must_be_free")]
    public async Task Publish_WithABadPriceOrCost_Returns400NamingTheRule(string kind, int? priceFen, int? pointsCost, string field, string rule)
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync();

        var response = await staff.PostAsJsonAsync($"/merchants/{merchant}/offers", MerchantsApp.Offer(kind, priceFen: priceFen, pointsCost: pointsCost), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Publish_WithAValidityEndingBeforeItStarts_Returns400_AndAnUnverifiedBusinessPublishesNothing()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync();
        var backwards = MerchantsApp.Offer();
        (backwards["validFrom"], backwards["validUntil"]) = ("2026-12-31", "2026-12-01");
        var (_, registrant) = await app.SignInAsync();
        var pending = await MerchantsApp.RegisterAsync(registrant);

        var response = await staff.PostAsJsonAsync($"/merchants/{merchant}/offers", backwards, Ct);
        var unverified = await registrant.PostAsJsonAsync($"/merchants/{pending}/offers", MerchantsApp.Offer(), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("before_valid_from", problem.GetProperty("errors").GetProperty("validUntil")[0].GetString());
        await unverified.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
    }

    [Fact]
    public async Task Residents_BookUntilTheQuotaIsUsedUp_OnceEach_AndACancellationGivesTheUnitBack()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("平江裁缝铺", "wanda", "housekeeping");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("lowCost", quota: 2, period: "week", priceFen: 500));
        var (firstId, first) = await app.SignInAsync();
        var (secondId, second) = await app.SignInAsync();
        var (thirdId, third) = await app.SignInAsync();

        var booked = await first.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { }, Ct);
        var twice = await first.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { }, Ct);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { }, Ct)).StatusCode);
        var full = await third.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { }, Ct);
        var booking = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var byOther = await second.PostAsync($"/merchants/bookings/{booking}/cancellation", null, Ct);
        var cancelled = await first.PostAsync($"/merchants/bookings/{booking}/cancellation", null, Ct);
        var cancelledAgain = await first.PostAsync($"/merchants/bookings/{booking}/cancellation", null, Ct);
        var freed = await third.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { }, Ct);

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "already_booked");
        await full.AssertProblemAsync(HttpStatusCode.Conflict, "offer_quota_exhausted");
        await byOther.AssertProblemAsync(HttpStatusCode.NotFound, "booking_not_found");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await cancelledAgain.AssertProblemAsync(HttpStatusCode.Conflict, "booking_not_cancellable");
        Assert.Equal(HttpStatusCode.Created, freed.StatusCode);
        var view = await staff.GetFromJsonAsync<JsonElement>($"/merchants/offers/{offer}", Ct);
        Assert.Equal(0, view.GetProperty("quotaLeft").GetInt32());
        var list = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/bookings?offerId={offer}", Ct);
        Assert.Equal(3, list.GetProperty("items").GetArrayLength());
        var mine = await first.GetFromJsonAsync<JsonElement>("/merchants/bookings/mine", Ct);
        Assert.Equal("cancelled", Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
        // The staff are told of each booking made, and of none refused.
        var raised = await app.PublishedAsync<Alliance.Contracts.Merchants.OfferBooked>(e => e.OfferId == offer);
        Assert.Equal(new[] { firstId, secondId, thirdId }.Order(), raised.Select(e => e.ResidentId).Order());
        Assert.All(raised, e => Assert.Equal(merchant, e.MerchantId));
        Assert.Contains(raised, e => e.BookingId == booking);
    }

    [Fact]
    public async Task Booking_AnExpiredOffer_OrAPointsReward_OrWithoutTheDeclaredEligibility_IsRefused()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync();
        var over = MerchantsApp.Offer();
        (over["validFrom"], over["validUntil"]) = ("2020-01-01", "2020-01-31");
        var expired = await MerchantsApp.PublishAsync(staff, merchant, over);
        var reward = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: 50));
        var elderly = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer(eligibility: new { aged60OrOver = true, communityId = "wanda" }));
        var (_, resident) = await app.SignInAsync();

        await (await resident.PostAsJsonAsync($"/merchants/offers/{expired}/bookings", new { }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "offer_expired");
        await (await resident.PostAsJsonAsync($"/merchants/offers/{reward}/bookings", new { }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "offer_kind_mismatch");
        await (await resident.PostAsJsonAsync($"/merchants/offers/{elderly}/bookings", new { communityId = "wanda" }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "offer_for_aged_60_or_over");
        await (await resident.PostAsJsonAsync($"/merchants/offers/{elderly}/bookings", new { aged60OrOver = true, communityId = "fushun" }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "offer_for_another_community");
        var ok = await resident.PostAsJsonAsync($"/merchants/offers/{elderly}/bookings", new { aged60OrOver = true, communityId = "wanda" }, Ct);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("declaredAged60OrOver").GetBoolean());
        var listed = await resident.GetFromJsonAsync<JsonElement>($"/merchants/offers?merchantId={merchant}&limit=100", Ct);
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
        var rewards = await resident.GetFromJsonAsync<JsonElement>($"/merchants/offers?merchantId={merchant}&kind=pointsReward", Ct);
        Assert.Equal(reward, Assert.Single(rewards.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        await (await resident.PostAsync($"/merchants/offers/{elderly}/withdrawal", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/merchants/offers/{elderly}/withdrawal", null, Ct)).StatusCode);
        await (await resident.PostAsJsonAsync($"/merchants/offers/{elderly}/bookings", new { aged60OrOver = true, communityId = "wanda" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "offer_withdrawn");
    }
}
