using System.Text.Json;
using System.Text.Json.Serialization;
using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>The public API's one style: JSON, camelCase, enums as camelCase strings, one OpenAPI document per service.</summary>
public static class ApiExtensions
{
    public static TBuilder AddServiceApi<TBuilder>(this TBuilder builder, string serviceName) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = $"Alliance {char.ToUpperInvariant(serviceName[0])}{serviceName[1..]} API";
            // The gateway serves /api/<service>/... as /<service>/...: callers use the gateway.
            document.Servers = [new OpenApiServer { Url = "/api", Description = "The Alliance gateway" }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Problem details for every error, then, for a service with a database, the 503 gate until it is migrated.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseAllianceProblemDetails();
        if (app.Services.GetService<DatabaseReadiness>() is not null)
        {
            app.UseDatabaseReadiness();
        }

        return app;
    }

    /// <summary>Serves the OpenAPI document at <c>/{service}/openapi/v1.json</c>, reachable through the gateway.</summary>
    public static IEndpointConventionBuilder MapServiceOpenApi(this WebApplication app, string serviceName) =>
        app.MapOpenApi($"/{serviceName}/openapi/{{documentName}}.json");
}
