using System.Collections.Concurrent;
using System.Net;
using Alliance.Contracts.Merchants;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Merchants' <c>IsStaff</c>, <c>GetStaff</c> and <c>GetOffer</c> on a loopback gRPC port, answering
/// for the merchants and offers a test made up, without the real Merchants and the Points it would
/// bring along. Shared by the project's classes; every test makes its own merchants.
/// </summary>
public sealed class FakeMerchants : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Guid, Guid[]> staff = new();
    private readonly ConcurrentDictionary<Guid, (Guid Merchant, string Title)> offers = new();
    private WebApplication? app;

    /// <summary>Where Notifications finds it (<c>services:merchants:grpc:0</c>).</summary>
    public string Address { get; private set; } = "";

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

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds Notifications' appsettings.json, whose Kestrel ports are not this host's.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
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
