using System.Text.Json;
using Alliance.Contracts.Reference;
using Alliance.Contracts.Validation;

namespace Alliance.Cli.Seeding;

/// <summary>
/// The partner businesses of <c>seeds/demo/merchants.json</c> (embedded at build time), each with its
/// offers; an offer is valid from <see cref="SeedValidity.FromDay"/> days after the load for
/// <see cref="SeedValidity.Days"/> days.
/// </summary>
internal sealed record SeedMerchants(int Version, IReadOnlyList<SeedMerchant> Merchants)
{
    public static SeedMerchants Demo { get; } = Load();

    private static SeedMerchants Load()
    {
        using var stream = typeof(SeedMerchants).Assembly.GetManifestResourceStream("Alliance.Seeds.Merchants.json")
            ?? throw new InvalidOperationException("seeds/demo/merchants.json is not embedded in Alliance.Cli.");
        var file = JsonSerializer.Deserialize<SeedMerchants>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("seeds/demo/merchants.json is empty.");
        var errors = file.Merchants
            .Where(m => !ChineseFormats.IsUnifiedSocialCreditCode(m.LicenceNumber) || !ReferenceData.Current.IsCommunity(m.CommunityId)
                || !m.Trade.All(ReferenceData.Current.IsKind) || !ChineseFormats.IsMobile(m.ContactMobile))
            .Select(m => m.Name)
            .ToList();
        return errors.Count == 0 ? file : throw new InvalidOperationException($"seeds/demo/merchants.json: bad licence, community, trade or mobile for {string.Join(", ", errors)}");
    }
}

/// <summary>A business; its contact mobile is also the account of the person who registers it and becomes its staff.</summary>
internal sealed record SeedMerchant(
    string Key, string Name, string LicenceNumber, IReadOnlyList<string> Trade, string CommunityId, string Address, string ContactName, string ContactMobile,
    IReadOnlyList<SeedOffer> Offers);

internal sealed record SeedOffer(
    string Title, string Description, string Kind, int? PriceFen, int? PointsCost, SeedValidity Validity, int Quota, string QuotaPeriod, JsonElement Eligibility);

/// <summary>
/// Either days from the load (<c>{ "fromDay": 0, "days": 365 }</c>) or month-days of a season
/// (<c>{ "from": "07-01", "until": "08-31" }</c>): this year's, or the coming year's once it is past.
/// </summary>
internal sealed record SeedValidity(int? FromDay, int? Days, string? From, string? Until)
{
    public (DateOnly From, DateOnly Until) On(DateOnly today)
    {
        if (From is null || Until is null)
        {
            var from = today.AddDays(FromDay ?? 0);
            return (from, from.AddDays(Days ?? 365));
        }

        var year = today.Year;
        if (MonthDay(Until, year) < today)
        {
            year++;
        }

        return (MonthDay(From, year), MonthDay(Until, year));
    }

    private static DateOnly MonthDay(string monthDay, int year) =>
        DateOnly.ParseExact($"{year}-{monthDay}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
