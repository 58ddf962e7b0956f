using System.Collections.Concurrent;
using Alliance.Contracts.Merchants;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Merchants' <c>IsStaff</c>, <c>GetStaff</c> and <c>GetOffer</c> on a loopback gRPC port, answering
/// for the merchants and offers a test made up, without the real Merchants and the Points it would
/// bring along. Shared by the project's classes; every test makes its own merchants.
/// </summary>
public sealed class FakeMerchants : LoopbackGrpc
{
    private readonly ConcurrentDictionary<Guid, Guid[]> staff = new();
    private readonly ConcurrentDictionary<Guid, (Guid Merchant, string Title)> offers = new();

    /// <summary>A verified merchant with these staff: its id.</summary>
    public Guid AddMerchant(params Guid[] staffMembers)
    {
        var id = Guid.CreateVersion7();
        staff[id] = staffMembers;
        return id;
    }

    public Guid AddOffer(Guid merchant, string title = "老人免费理发")
    {
        var id = Guid.CreateVersion7();
        offers[id] = (merchant, title);
        return id;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGrpcService<Service>();
    }

    private sealed class Service(FakeMerchants fake) : MerchantsService.MerchantsServiceBase
    {
        public override Task<IsStaffReply> IsStaff(IsStaffRequest request, ServerCallContext context) =>
            Task.FromResult(new IsStaffReply
            {
                Staff = fake.staff.TryGetValue(Guid.Parse(request.MerchantId), out var members) && members.Contains(Guid.Parse(request.AccountId)),
            });

        public override Task<GetStaffReply> GetStaff(GetStaffRequest request, ServerCallContext context) =>
            Task.FromResult(new GetStaffReply
            {
                AccountIds = { fake.staff.TryGetValue(Guid.Parse(request.MerchantId), out var members) ? members.Select(m => m.ToString()) : [] },
            });

        public override Task<OfferReply> GetOffer(GetOfferRequest request, ServerCallContext context) =>
            fake.offers.TryGetValue(Guid.Parse(request.OfferId), out var offer)
                ? Task.FromResult(new OfferReply { OfferId = request.OfferId, MerchantId = offer.Merchant.ToString(), Title = offer.Title })
                : throw new RpcException(new Status(StatusCode.NotFound, "No offer has this id."));
    }
}
