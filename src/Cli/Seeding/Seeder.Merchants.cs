using System.Net;
using System.Text.Json;

namespace Alliance.Cli.Seeding;

/// <summary>The partner businesses: each registered by its contact person, verified by the street admin, then its offers.</summary>
internal sealed partial class Seeder
{
    public SeedMerchants MerchantsFile { get; init; } = SeedMerchants.Demo;

    /// <summary>
    /// A merchant is found again through its registrant's token, which carries its <c>merchant_id</c>
    /// once verified (the licence is unique, so registering twice is a 409); its offers by title.
    /// </summary>
    private async Task MerchantsAsync(Token admin, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Shanghai).DateTime);
        foreach (var merchant in MerchantsFile.Merchants)
        {
            var owner = await AccountAsync(merchant.ContactName, merchant.ContactMobile, report.Accounts, ct);
            var id = owner.MerchantIds.Select(Guid.Parse).FirstOrDefault();
            if (id == Guid.Empty)
            {
                var registered = await api.PostAsync("/api/merchants", owner.Value, new
                {
                    name = merchant.Name,
                    licenceNumber = merchant.LicenceNumber,
                    trade = merchant.Trade,
                    communityId = merchant.CommunityId,
                    address = merchant.Address,
                    contactName = merchant.ContactName,
                    contactMobile = merchant.ContactMobile,
                }, Key("merchant", merchant.LicenceNumber), ct);
                id = registered.Ok().GetProperty("id").GetGuid();
                var verified = await api.PostAsync($"/api/merchants/{id}/verification", admin.Value, null, Key("merchant-verify", merchant.LicenceNumber), ct);
                if (!verified.IsSuccess && !verified.Is(HttpStatusCode.Conflict, "merchant_not_pending"))
                {
                    throw verified.Unexpected();
                }

                report.Merchants.Count(verified.IsNew);
                owner = await WithMerchantAsync(merchant, ct);
            }
            else
            {
                report.Merchants.Count(false);
            }

            var titles = (await ListAsync($"/api/merchants/offers?merchantId={id}", owner, ct))
                .Select(o => o.GetProperty("title").GetString())
                .ToHashSet(StringComparer.Ordinal);
            foreach (var offer in merchant.Offers)
            {
                var present = titles.Contains(offer.Title);
                if (!present)
                {
                    var (validFrom, validUntil) = offer.Validity.On(today);
                    var published = await api.PostAsync($"/api/merchants/{id}/offers", owner.Value, new
                    {
                        title = offer.Title,
                        description = offer.Description,
                        kind = offer.Kind,
                        priceFen = offer.PriceFen,
                        pointsCost = offer.PointsCost,
                        validFrom,
                        validUntil,
                        quota = offer.Quota,
                        quotaPeriod = offer.QuotaPeriod,
                        eligibility = offer.Eligibility,
                    }, Key("offer", merchant.LicenceNumber, offer.Title), ct);
                    published.Ok();
                    present = !published.IsNew;
                }

                report.Offers.Count(!present);
            }
        }

        log.WriteLine($"  merchants: {MerchantsFile.Merchants.Count} with {MerchantsFile.Merchants.Sum(m => m.Offers.Count)} offers");
    }

    /// <summary>Logs the registrant in again until the token carries the merchant (MerchantStaffAdded reaches Identity by event).</summary>
    private async Task<Token> WithMerchantAsync(SeedMerchant merchant, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await LogInAsync(merchant.ContactMobile, volunteerPassword, ct) is { MerchantIds.Count: > 0 } token)
            {
                return token;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        throw new SeedException($"{merchant.Name}'s registrant did not become its staff 25 s after verification: is RabbitMQ delivering MerchantStaffAdded to Identity?");
    }
}
