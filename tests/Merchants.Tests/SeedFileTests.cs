using System.Text.Json;
using Alliance.Contracts.Validation;
using Alliance.Merchants.Offers;
using Alliance.Merchants.Onboarding;
using Alliance.Testing;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>seeds/demo/merchants.json passes the rules the API would apply when the seed loads it.</summary>
[Trait("Category", "Unit")]
public sealed class SeedFileTests
{
    private static readonly JsonElement Seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(Checkout.Root, "seeds", "demo", "merchants.json"))).RootElement;

    [Fact]
    public void EveryMerchant_HasAValidLicence_TradeAndCommunity_AndValidOffers()
    {
        var merchants = Seed.GetProperty("merchants").EnumerateArray().ToList();
        Assert.True(merchants.Count >= 5);
        Assert.Equal(merchants.Count, merchants.Select(m => m.GetProperty("licenceNumber").GetString()).Distinct().Count());
        foreach (var m in merchants)
        {
            var licence = m.GetProperty("licenceNumber").GetString();
            Assert.True(ChineseFormats.IsUnifiedSocialCreditCode(licence), licence);
            var trade = m.GetProperty("trade").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.True(Merchant.Check(m.GetProperty("name").GetString(), licence, trade, m.GetProperty("communityId").GetString(),
                m.GetProperty("address").GetString(), m.GetProperty("contactName").GetString(), m.GetProperty("contactMobile").GetString()).IsEmpty, licence);
            foreach (var o in m.GetProperty("offers").EnumerateArray())
            {
                var eligibility = o.GetProperty("eligibility").Deserialize<Eligibility>(JsonSerializerOptions.Web);
                var errors = Offer.Check(o.GetProperty("title").GetString(), o.GetProperty("description").GetString(),
                    Enum.Parse<OfferKind>(o.GetProperty("kind").GetString()!, ignoreCase: true),
                    o.TryGetProperty("priceFen", out var price) ? price.GetInt32() : null,
                    o.TryGetProperty("pointsCost", out var cost) ? cost.GetInt32() : null,
                    new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 31), o.GetProperty("quota").GetInt32(),
                    Enum.Parse<QuotaPeriod>(o.GetProperty("quotaPeriod").GetString()!, ignoreCase: true), eligibility);
                Assert.True(errors.IsEmpty, o.GetProperty("title").GetString());
            }
        }
    }
}
