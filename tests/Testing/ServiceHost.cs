using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Testing;

/// <summary>
/// Runs one service for real on Kestrel, on loopback ports: REST on <c>http</c> (HTTP/1.1) and gRPC
/// on its own cleartext HTTP/2 endpoint <c>grpc</c>, configured through exactly the keys the AppHost
/// injects (<c>Kestrel:Endpoints:*:Url</c>, <c>ConnectionStrings:*</c>).
/// </summary>
public sealed class ServiceHost<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private readonly Factory factory;

    /// <param name="environment">
    /// The host environment: every service under test runs in Testing; another only for a test that
    /// shows what Testing alone turns on (Identity's cheap password hashing, say).
    /// </param>
    public ServiceHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, bool grpcEndpoint = true, string environment = "Testing")
    {
        HttpPort = FreePort.Next();
        GrpcPort = grpcEndpoint ? FreePort.Next() : 0;
        var all = new Dictionary<string, string?>(settings)
        {
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{HttpPort}",
        };
        if (grpcEndpoint)
        {
            all["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{GrpcPort}";
        }

        factory = new Factory(all, services, environment);
        factory.UseKestrel();
        factory.StartServer();
    }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>How another service finds this one's gRPC endpoint, as the AppHost would inject it.</summary>
    public string GrpcDiscoveryValue => $"http://127.0.0.1:{GrpcPort}";

    public IServiceProvider Services => factory.Services;

    public HttpClient CreateClient() => new() { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(30) };

    public GrpcChannel CreateGrpcChannel() => GrpcChannel.ForAddress(GrpcAddress);

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, string environment)
        : WebApplicationFactory<TEntryPoint>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        }
    }
}
