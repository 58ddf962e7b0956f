using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Alliance.Gateway;

internal static class Extensions
{
    public const string HealthClient = "service-health";

    /// <summary>Sign-up, which with the token endpoint takes the stricter per-IP limit.</summary>
    public const string SignUpPath = "/api/identity/accounts";

    public static void AddGateway(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddSingleton(options);

        // Tokens are checked here as in every service: Identity's address and the public issuer come from the AppHost.
        builder.AddServiceSecurity();
        builder.AddClientAddress();
        builder.AddRateLimits(options.RateLimits);
        builder.AddFrontendCors(options.Cors);
        builder.AddReverseProxy(options);
        builder.AddUpstreamProblems();

        // A probe must answer fast and honestly: no retries, its own short timeout.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental.
        builder.Services.AddHttpClient(HealthClient, client => client.Timeout = options.HealthTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    private static void AddReverseProxy(this IHostApplicationBuilder builder, GatewayOptions options)
    {
        // Each /api/{service}/... goes to the service's REST endpoint, found by service discovery
        // (services:{service}:http:0, never its grpc endpoint), as /{service}/...: the gateway drops /api only.
        var routes = GatewayServices.All.Select(s => Route(s.Name, s.Name, $"/api/{s.Name}/{{**rest}}", RateLimits.Api)).ToList();
        // Where passwords are tried and accounts made, the stricter limit: the literal paths win over {**rest}.
        routes.Add(Route("identity-token", "identity", ApiExtensions.PublicTokenPath, RateLimits.Credentials));
        routes.Add(Route("identity-sign-up", "identity", SignUpPath, RateLimits.Credentials, methods: ["POST"]));

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
                // A service's Location (201) is its own path, /needs/{id}; callers reach it at /api/needs/{id}.
                transforms.AddResponseTransform(context =>
                {
                    var location = context.HttpContext.Response.Headers.Location.ToString();
                    if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal) && !location.StartsWith("/api/", StringComparison.Ordinal))
                    {
                        context.HttpContext.Response.Headers.Location = "/api" + location;
                    }

                    return ValueTask.CompletedTask;
                });
            });
        // After AddReverseProxy, so this factory is the one the forwarder gets.
        builder.Services.AddSingleton<UpstreamRetryMetrics>();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, RetryingForwarderHttpClientFactory>();
    }

    private static RouteConfig Route(string id, string service, string path, string rateLimit, IReadOnlyList<string>? methods = null) => new()
    {
        RouteId = id,
        ClusterId = service,
        Match = new RouteMatch { Path = path, Methods = methods },
        RateLimiterPolicy = rateLimit,
        Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/api" }],
    };
}
