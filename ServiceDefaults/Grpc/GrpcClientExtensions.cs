using Alliance.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

public static class GrpcClientExtensions
{
    /// <summary>
    /// A client of another service's internal gRPC API, found by service discovery on that service's
    /// <c>grpc</c> endpoint (<c>services:{service}:grpc:0</c>), carrying this service's own token
    /// (<see cref="ServiceTokens"/>). Every call gets a deadline; only the
    /// named idempotent methods are retried, by gRPC's own retry policy. The standard HTTP resilience
    /// handler is removed: it would retry non-idempotent calls and stack timeouts on the deadline.
    /// </summary>
    /// <param name="idempotentMethods">Full method names, as <c>("alliance.volunteers.v1.VolunteersService", "GetVolunteer")</c>.</param>
    public static IHttpClientBuilder AddInternalGrpcClient<TClient>(
        this IHostApplicationBuilder builder, string service, TimeSpan deadline, params (string Service, string Method)[] idempotentMethods)
        where TClient : class =>
        builder.AddInternalGrpcClient<TClient>(typeof(TClient).Name, service, deadline, idempotentMethods);

    /// <summary>
    /// As <see cref="AddInternalGrpcClient{TClient}(IHostApplicationBuilder, string, TimeSpan, (string Service, string Method)[])"/>,
    /// under a name of its own (<c>GrpcClientFactory.CreateClient&lt;TClient&gt;(clientName)</c>), so a shared
    /// building block can keep its own deadline beside an app's client of the same service.
    /// </summary>
    public static IHttpClientBuilder AddInternalGrpcClient<TClient>(
        this IHostApplicationBuilder builder, string clientName, string service, TimeSpan deadline, params (string Service, string Method)[] idempotentMethods)
        where TClient : class
    {
        // Ops may give a slow host more time: Grpc:Deadlines:<service> (a TimeSpan) over the code's default.
        if (builder.Configuration[$"Grpc:Deadlines:{service}"] is { Length: > 0 } configured)
        {
            deadline = TimeSpan.Parse(configured, System.Globalization.CultureInfo.InvariantCulture);
        }

        var retry = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 3,
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromMilliseconds(500),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var (grpcService, method) in idempotentMethods)
        {
            retry.Names.Add(new MethodName { Service = grpcService, Method = method });
        }

        // EXTEXP0001: RemoveAllResilienceHandlers is marked experimental; it is the supported way to
        // take back what ConfigureHttpClientDefaults added to every client.
#pragma warning disable EXTEXP0001
        // Identity registers its own issuer first (it signs its token itself); every other service asks Identity.
        builder.Services.AddHttpClient(nameof(IdentityTokenClient));
        builder.Services.TryAddSingleton<IServiceTokenIssuer, IdentityTokenClient>();
        builder.Services.TryAddSingleton<ServiceTokens>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ServiceTokenWarmup>());
        return builder.Services
            .AddGrpcClient<TClient>(clientName, options => options.Address = new Uri($"http://_grpc.{service}"))
            .ConfigureChannel(channel =>
            {
                channel.ServiceConfig = new ServiceConfig { MethodConfigs = { retry } };
                // Inside the network the channel is plain HTTP/2; the token still goes with every call.
                channel.UnsafeUseInsecureChannelCallCredentials = true;
            })
            .AddCallCredentials(async (context, metadata, services) =>
                metadata.Add("Authorization", $"Bearer {await services.GetRequiredService<ServiceTokens>().GetAsync(context.CancellationToken)}"))
            .AddInterceptor(() => new DeadlineInterceptor(deadline))
            .AddInterceptor(services => new ServiceTokenRetryInterceptor(services.GetRequiredService<ServiceTokens>()))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
