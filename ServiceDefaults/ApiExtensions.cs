using Alliance.ServiceDefaults;
using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>The public API's one style: JSON, camelCase, enums as camelCase strings, one OpenAPI document per service.</summary>
public static class ApiExtensions
{
    public const string OAuthScheme = "oauth2";
    public const string PublicTokenPath = "/api/identity/connect/token";

    public static TBuilder AddServiceApi<TBuilder>(this TBuilder builder, string serviceName) where TBuilder : IHostApplicationBuilder
    {
        var title = $"Alliance {char.ToUpperInvariant(serviceName[0])}{serviceName[1..]} API";
        // The gateway serves /api/<service>/... as /<service>/...: callers use the gateway.
        builder.Services.AddApiDocument("v1", title, "/api", ApiDocument.ServiceUnavailableCodes);
        return builder;
    }

    /// <summary>
    /// The correlation id; problem details for every error; for a service with a database, the 503 gate until it is
    /// migrated; then the caller's token and the endpoint's policies; then Idempotency-Key.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseAllianceProblemDetails();
        if (app.Services.GetService<DatabaseReadiness>() is not null)
        {
            app.UseDatabaseReadiness();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        if (app.Services.GetService<IdempotencyStore>() is not null)
        {
            app.UseMiddleware<IdempotencyMiddleware>();
        }

        return app;
    }

    /// <summary>Serves the OpenAPI document at <c>/{service}/openapi/v1.json</c>, reachable through the gateway.</summary>
    public static IEndpointConventionBuilder MapServiceOpenApi(this WebApplication app, string serviceName) =>
        app.MapOpenApi($"/{serviceName}/openapi/{{documentName}}.json").Access(AccessClass.Public);
}
