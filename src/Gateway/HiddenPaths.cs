using Alliance.ServiceDefaults.Problems;

namespace Alliance.Gateway;

internal static class HiddenPaths
{
    /// <summary>
    /// Each service's operational endpoints (<c>/{service}/admin/...</c>) are not public: the gateway
    /// answers them 404 as if they did not exist.
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

    /// <summary>
    /// Internal gRPC is never routed: the proxy only knows the services' <c>http</c> endpoints, and a
    /// gRPC (or gRPC-Web) call that reaches the gateway anyway is answered 404 before any route.
    /// </summary>
    public static WebApplication UseNoGrpc(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
            {
                await ApiProblems.NotFound(ErrorCodes.NotFound, "Not Found").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }
}
