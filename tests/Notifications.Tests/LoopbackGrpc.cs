using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// A stand-in for another service's internal gRPC on a loopback port, answering for what a test made
/// up: the facts Notifications fetches, without the real service and the services it would bring
/// along. Each gRPC service a stand-in maps gets the stand-in itself from DI.
/// </summary>
public abstract class LoopbackGrpc : IAsyncLifetime
{
    private WebApplication? app;

    /// <summary>Where Notifications finds it (<c>services:{name}:grpc:0</c>).</summary>
    public string Address { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds Notifications' appsettings.json, whose Kestrel ports are not this host's.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(GetType(), this);
        app = builder.Build();
        Map(app);
        await app.StartAsync();
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Maps the stand-in's gRPC services.</summary>
    protected abstract void Map(WebApplication app);
}
