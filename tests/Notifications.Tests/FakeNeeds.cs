using System.Collections.Concurrent;
using System.Net;
using Alliance.Contracts.Needs;
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
/// Needs' <c>GetNeed</c> on a loopback gRPC port, answering for the needs a test made up: the facts a
/// notification fetches, without the real Needs and the Volunteers and Teams it would bring along.
/// Shared by the project's classes; every test makes its own needs.
/// </summary>
public sealed class FakeNeeds : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Guid, (string Title, Guid Requester, string Urgency)> needs = new();
    private WebApplication? app;

    /// <summary>Where Notifications finds it (<c>services:needs:grpc:0</c>).</summary>
    public string Address { get; private set; } = "";

    /// <param name="urgency">normal, urgent or emergency, as Needs tells it.</param>
    public Guid Add(Guid requester, string title = "老座钟坏了", string urgency = "normal")
    {
        var id = Guid.CreateVersion7();
        needs[id] = (title, requester, urgency);
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

    private sealed class Service(FakeNeeds fake) : NeedsService.NeedsServiceBase
    {
        public override Task<NeedReply> GetNeed(GetNeedRequest request, ServerCallContext context)
        {
            return fake.needs.TryGetValue(Guid.Parse(request.NeedId), out var need)
                ? Task.FromResult(new NeedReply { NeedId = request.NeedId, Title = need.Title, RequesterId = need.Requester.ToString(), Status = "claimed", Urgency = need.Urgency })
                : throw new RpcException(new Status(StatusCode.NotFound, "No need has this id."));
        }
    }
}
