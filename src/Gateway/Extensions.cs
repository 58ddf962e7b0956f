using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Alliance.Gateway;

internal static class Extensions
{
    public const string HealthClient = "service-health";

    public static void AddGateway(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddSingleton(options);

        // Tokens are checked here as in every service: Identity's address and the public issuer come from the AppHost.
        builder.AddServiceSecurity();

        // Each /api/{service}/... goes to the service's REST endpoint, found by service discovery
        // (services:{service}:http:0), as /{service}/...: the gateway drops /api only.
        var routes = GatewayServices.All.Select(s => new RouteConfig
        {
            RouteId = s.Name,
            ClusterId = s.Name,
            Match = new RouteMatch { Path = $"/api/{s.Name}/{{**rest}}" },
            Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/api" }],
        }).ToList();
        var clusters = GatewayServices.All.Select(s => new ClusterConfig
        {
            ClusterId = s.Name,
            Destinations = new Dictionary<string, DestinationConfig> { ["default"] = new() { Address = $"http://{s.Name}" } },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.UpstreamTimeout },
        }).ToList();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(transforms =>
            {
                // Services see the public address they were called at, with /api as the prefix the
                // gateway took off: Identity builds discovery's public URLs from these.
                transforms.UseDefaultForwarders = false;
                transforms.AddXForwardedFor();
                transforms.AddXForwardedProto();
                transforms.AddXForwardedHost();
                transforms.AddRequestHeader("X-Forwarded-Prefix", "/api", append: false);
            });

        // A probe must answer fast and honestly: no retries, its own short timeout.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental.
        builder.Services.AddHttpClient(HealthClient, client => client.Timeout = options.HealthTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}

internal sealed class GatewayOptions
{
    /// <summary>How long a service may stay silent before the gateway answers 504.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the health view waits for each service.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
