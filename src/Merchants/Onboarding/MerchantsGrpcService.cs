using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Merchants.Data;
using Alliance.Merchants.Offers;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Onboarding;

/// <summary>Internal questions about merchants, on the gRPC endpoint only.</summary>
internal sealed class MerchantsGrpcService(MerchantsDbContext db) : MerchantsService.MerchantsServiceBase
{
    [InternalCallers("needs", "points")]
    public override async Task<MerchantReply> GetMerchant(GetMerchantRequest request, ServerCallContext context)
    {
        var merchant = await FindAsync(request.MerchantId, context);
        return new MerchantReply
        {
            MerchantId = merchant.Id.ToString(),
            CommunityId = merchant.CommunityId,
            Status = JsonNamingPolicy.CamelCase.ConvertName(merchant.Status.ToString()),
            Trade = { merchant.Trade },
        };
    }

    [InternalCallers("needs")]
    public override async Task<IsVerifiedForKindReply> IsVerifiedForKind(IsVerifiedForKindRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.KindId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "kind_id is required."));
        }

        var merchant = await FindAsync(request.MerchantId, context);
        return new IsVerifiedForKindReply { Verified = merchant.IsVerified, KindInTrade = merchant.Trade.Contains(request.KindId) };
    }

    [InternalCallers("identity", "notifications")]
    public override async Task<IsStaffReply> IsStaff(IsStaffRequest request, ServerCallContext context)
    {
        var merchantId = GrpcIds.Parse(request.MerchantId, "merchant_id");
        var accountId = GrpcIds.Parse(request.AccountId, "account_id");
        var staff = await db.Staff.AsNoTracking()
            .AnyAsync(s => s.MerchantId == merchantId && s.AccountId == accountId
                && db.Merchants.Any(m => m.Id == merchantId && m.Status == MerchantStatus.Verified), context.CancellationToken);
        return new IsStaffReply { Staff = staff };
    }

    [InternalCallers("notifications")]
    public override async Task<GetStaffReply> GetStaff(GetStaffRequest request, ServerCallContext context)
    {
        var merchantId = GrpcIds.Parse(request.MerchantId, "merchant_id");
        var staff = await db.Staff.AsNoTracking()
            .Where(s => s.MerchantId == merchantId && db.Merchants.Any(m => m.Id == merchantId && m.Status == MerchantStatus.Verified))
            .OrderBy(s => s.AccountId)
            .Select(s => s.AccountId)
            .ToListAsync(context.CancellationToken);
        return new GetStaffReply { AccountIds = { staff.Select(id => id.ToString()) } };
    }

    [InternalCallers("notifications")]
    public override async Task<OfferReply> GetOffer(GetOfferRequest request, ServerCallContext context)
    {
        var offerId = GrpcIds.Parse(request.OfferId, "offer_id");
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No offer has this id."));
        return new OfferReply { OfferId = offer.Id.ToString(), MerchantId = offer.MerchantId.ToString(), Title = offer.Title };
    }

    private async Task<Merchant> FindAsync(string merchantId, ServerCallContext context)
    {
        var id = GrpcIds.Parse(merchantId, "merchant_id");
        return await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No merchant has this id."));
    }
}
