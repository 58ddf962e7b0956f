using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Alliance.ServiceDefaults.OpenApi;

/// <summary>
/// An OpenAPI document in the public API's one style: the gateway as server, the oauth2 scheme,
/// who may call each operation (<c>x-access</c>), its problem responses with their codes, required
/// request fields and examples; operators' routes left out.
/// </summary>
public static partial class ApiDocument
{
    /// <summary>
    /// The 503 codes any route of a service with a database can answer, and the gateway's own when no
    /// replica of the service is there to take the call.
    /// </summary>
    public static readonly IReadOnlyList<string> ServiceUnavailableCodes =
        [ErrorCodes.ServiceStarting, ErrorCodes.DatabaseUnavailable, ErrorCodes.TryAgain, ErrorCodes.ServiceUnavailable];

    /// <param name="unavailable">The 503 codes every operation of the document can answer.</param>
    /// <remarks>
    /// The JSON style is set here too, since the document is read from it: enums as camelCase strings, and a
    /// number a JSON number in both directions (the web default also reads "5" as 5, which makes every number
    /// of the contract "number or string" for a generated client).
    /// </remarks>
    public static IServiceCollection AddApiDocument(
        this IServiceCollection services, string documentName, string title, string serverUrl, IReadOnlyList<string> unavailable) =>
        services.Configure<JsonOptions>(json =>
        {
            if (!json.SerializerOptions.Converters.OfType<JsonStringEnumConverter>().Any())
            {
                json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            }

            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        })
        .AddOpenApi(documentName, options =>
        {
            options.ShouldInclude = description =>
                (description.GroupName is null || description.GroupName == documentName) && IsPublic(description);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                document.Servers = [new OpenApiServer { Url = serverUrl, Description = "The Alliance gateway" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiExtensions.OAuthScheme] = OAuth();
                ProblemResponses.AddSchema(document);
                RequiredFields.DropNullFromRequired(document);
                return Task.CompletedTask;
            });
            // Each operation says who may call it (x-access) and, unless public, that it takes a token.
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessMetadata>().LastOrDefault() is { } access)
                {
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-access"] = new JsonNodeExtension(JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(access.Class.ToString())));
                    if (access.Class is not AccessClass.Public)
                    {
                        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiExtensions.OAuthScheme, context.Document)] = [] }];
                    }
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) => ProblemResponses.ApplyAsync(operation, context, unavailable));
            options.AddOperationTransformer(RequestExamples.ApplyAsync);
            options.AddSchemaTransformer(RequiredFields.ApplyAsync);
        });

    /// <summary>Operators' routes (<see cref="AccessClass.Internal"/>, <c>/{service}/admin/...</c>) are never public: the gateway hides them.</summary>
    private static bool IsPublic(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<AccessMetadata>().LastOrDefault()?.Class is not AccessClass.Internal
        && !AdminPath().IsMatch(description.RelativePath ?? "");

    [GeneratedRegex("^(api/)?[a-z-]+/admin(/|$)")]
    private static partial Regex AdminPath();

    private static OpenApiSecurityScheme OAuth() => new()
    {
        Type = SecuritySchemeType.OAuth2,
        Description = "Log in with a mobile number and password (the password grant); partner systems use client_credentials.",
        Flows = new OpenApiOAuthFlows
        {
            Password = new OpenApiOAuthFlow
            {
                TokenUrl = new Uri(ApiExtensions.PublicTokenPath, UriKind.Relative),
                RefreshUrl = new Uri(ApiExtensions.PublicTokenPath, UriKind.Relative),
                Scopes = new Dictionary<string, string> { [Audiences.Api] = "The public API", ["offline_access"] = "A refresh token" },
            },
            ClientCredentials = new OpenApiOAuthFlow
            {
                TokenUrl = new Uri(ApiExtensions.PublicTokenPath, UriKind.Relative),
                Scopes = new Dictionary<string, string> { [Audiences.Api] = "The public API" },
            },
        },
    };
}
