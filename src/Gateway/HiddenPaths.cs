using Alliance.ServiceDefaults.Problems;

namespace Alliance.Gateway;

internal static class HiddenPaths
{
    /// <summary>
    /// Each service's operational endpoints (<c>/{service}/admin/...</c>) are not public: the gateway
    /// answers them 404 as if they did not exist. Internal gRPC is never routed at all.
    /// </summary>
    public static WebApplication MapHiddenPaths(this WebApplication app)
    {
        foreach (var (name, _) in GatewayServices.All)
        {
            // As literal as the proxy's own route for the service, and more specific after it.
            app.Map($"/api/{name}/admin/{{**rest}}", () => ApiProblems.NotFound(ErrorCodes.NotFound, "Not Found"))
                .ExcludeFromDescription();
        }

        return app;
    }
}
