using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Alliance.ServiceDefaults;
using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>The public API's one style: JSON, camelCase, enums as camelCase strings, one OpenAPI document per service.</summary>
public static class ApiExtensions
{
    public const string OAuthScheme = "oauth2";
    public const string PublicTokenPath = "/api/identity/connect/token";

    public static TBuilder AddServiceApi<TBuilder>(this TBuilder builder, string serviceName) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"Alliance {char.ToUpperInvariant(serviceName[0])}{serviceName[1..]} API";
                // The gateway serves /api/<service>/... as /<service>/...: callers use the gateway.
                document.Servers = [new OpenApiServer { Url = "/api", Description = "The Alliance gateway" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[OAuthScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "Log in with a mobile number and password (the password grant); partner systems use client_credentials.",
                    Flows = new OpenApiOAuthFlows
                    {
                        Password = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri(PublicTokenPath, UriKind.Relative),
                            RefreshUrl = new Uri(PublicTokenPath, UriKind.Relative),
                            Scopes = new Dictionary<string, string> { [Audiences.Api] = "The public API", ["offline_access"] = "A refresh token" },
                        },
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri(PublicTokenPath, UriKind.Relative),
                            Scopes = new Dictionary<string, string> { [Audiences.Api] = "The public API" },
                        },
                    },
                };
                return Task.CompletedTask;
            });
            // Each operation says who may call it (x-access) and, unless public, that it takes a token.
            options.AddOperationTransformer((operation, context, _) =>
            {
                var access = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessMetadata>().LastOrDefault();
                if (access is null)
                {
                    return Task.CompletedTask;
                }

                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-access"] = new JsonNodeExtension(JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(access.Class.ToString())));
                if (access.Class is not AccessClass.Public)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuthScheme, context.Document)] = [] }];
                }

                return Task.CompletedTask;
            });
        });
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
