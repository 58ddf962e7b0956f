using Alliance.Contracts.Merchants;
using Alliance.Messaging.Faults;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;

namespace Alliance.Notifications.Notices;

/// <summary>
/// What the merchant's notices need from Merchants when the event comes: an offer's title (kept for a
/// minute: a popular offer brings many bookings) and who acts for the merchant now (asked each time,
/// so staff who left hear nothing more). A Merchants that does not answer throws, so the consumer
/// waits it out; an unknown offer can never be told about.
/// </summary>
internal sealed class MerchantFacts(MerchantsService.MerchantsServiceClient merchants, IMemoryCache cache)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    public async Task<string> OfferTitleAsync(Guid offerId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(offerId), out string? known) && known is not null)
        {
            return known;
        }

        OfferReply reply;
        try
        {
            reply = await merchants.GetOfferAsync(new GetOfferRequest { OfferId = offerId.ToString() }, cancellationToken: ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new PermanentMessageException($"Merchants knows no offer {offerId}.", ex);
        }

        cache.Set(Key(offerId), reply.Title, KeepFor);
        return reply.Title;
    }

    /// <summary>The merchant's staff now; none while it is suspended.</summary>
    public async Task<IReadOnlyList<Guid>> StaffAsync(Guid merchantId, CancellationToken ct)
    {
        var reply = await merchants.GetStaffAsync(new GetStaffRequest { MerchantId = merchantId.ToString() }, cancellationToken: ct);
        return reply.AccountIds.Select(Guid.Parse).ToList();
    }

    private static string Key(Guid offerId) => $"offer:{offerId}";
}
