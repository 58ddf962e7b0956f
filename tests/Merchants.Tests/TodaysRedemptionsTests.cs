using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Merchants.Redemptions;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>A merchant's staff list the day's redemptions (Asia/Shanghai) at the counter, in keyset pages.</summary>
public sealed class TodaysRedemptionsTests(MerchantsWithPointsApp app) : IClassFixture<MerchantsWithPointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Today_ListsTheDaysRedemptions_NewestFirst_AndConfirmedOnesByTheCountersDay()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("城北茶馆", "wanda", "activity_wish");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", quota: 100, period: "day", pointsCost: 10));
        var (_, volunteer) = await app.VolunteerWithAsync(100);
        var codes = new List<(Guid Id, string Code)>();
        for (var i = 0; i < 3; i++)
        {
            var redeemed = await (await volunteer.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            codes.Add((redeemed.GetProperty("id").GetGuid(), redeemed.GetProperty("code").GetString()!));
        }

        (await staff.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = codes[1].Code }, Ct)).EnsureSuccessStatusCode();
        // The first was redeemed yesterday, as far as the list can tell.
        await using (var db = app.CreateDbContext())
        {
            await db.Redemptions.Where(r => r.Id == codes[0].Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddDays(-1)), Ct);
        }

        var first = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions?day=today&limit=1", Ct);
        var second = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions?day=today&limit=1&after={first.GetProperty("next").GetString()}", Ct);
        var confirmed = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions?day=today&status=confirmed", Ct);
        var yesterday = Shanghai(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var before = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions?day={yesterday}", Ct);

        Assert.Equal([codes[2].Id], Ids(first));
        Assert.Equal([codes[1].Id], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal([codes[1].Id], Ids(confirmed));
        Assert.Equal([codes[0].Id], Ids(before));
        Assert.DoesNotContain(codes[2].Code, first.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    [InlineData("20261201")]
    public async Task ABadDay_Is400(string day)
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("城北书店", "wanda", "activity_wish");

        var response = await staff.GetAsync($"/merchants/{merchant}/redemptions?day={day}", Ct);

        await response.AssertFieldErrorAsync("day", "date_format");
    }

    [Fact]
    public async Task AnotherMerchantsStaff_AndAVolunteer_AreToldItIsNotFound()
    {
        var (merchant, _, _) = await app.VerifiedMerchantAsync("城北面馆", "wanda", "activity_wish");
        var (_, _, otherStaff) = await app.VerifiedMerchantAsync("城北花店", "wanda", "activity_wish");
        var (_, volunteer) = await app.SignInAsVolunteerAsync();

        var byOther = await otherStaff.GetAsync($"/merchants/{merchant}/redemptions?day=today", Ct);
        var byVolunteer = await volunteer.GetAsync($"/merchants/{merchant}/redemptions?day=today", Ct);

        await byOther.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
        await byVolunteer.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
    }

    private static DateOnly Shanghai(DateTimeOffset now) => Alliance.Contracts.Time.Shanghai.DateOf(now);

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
