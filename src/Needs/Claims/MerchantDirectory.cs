using Alliance.Contracts.Merchants;
using Grpc.Core;

namespace Alliance.Needs.Claims;

internal enum MerchantLookup
{
    Yes,
    NotFound,
    NotVerified,
    KindNotInTrade,
    Unavailable,
}

/// <summary>Asks Merchants whether a merchant is verified and its trade has the need's kind (<c>IsVerifiedForKind</c>).</summary>
internal sealed class MerchantDirectory(MerchantsService.MerchantsServiceClient merchants, ILogger<MerchantDirectory> logger)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<MerchantLookup> MayClaimAsync(Guid merchantId, string kindId, CancellationToken ct)
    {
        try
        {
            var reply = await merchants.IsVerifiedForKindAsync(new IsVerifiedForKindRequest { MerchantId = merchantId.ToString(), KindId = kindId }, cancellationToken: ct);
            return !reply.Verified ? MerchantLookup.NotVerified : !reply.KindInTrade ? MerchantLookup.KindNotInTrade : MerchantLookup.Yes;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return MerchantLookup.NotFound;
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Merchants did not answer about {MerchantId}: {Status} {Detail}", merchantId, ex.StatusCode, ex.Status.Detail);
            return MerchantLookup.Unavailable;
        }
    }
}
