using System.Globalization;
using System.Text.Json.Nodes;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Alliance.ServiceDefaults.OpenApi;

/// <summary>
/// One <c>Problem</c> schema per document, and every operation's problem responses pointing to it
/// with the <c>code</c> values each status can carry: those the endpoint declares
/// (<see cref="ProblemCodesMetadata"/>) and those every endpoint of its kind can answer.
/// </summary>
internal static class ProblemResponses
{
    public const string SchemaName = "Problem";
    public const string ContentType = "application/problem+json";

    public static void AddSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        // The framework's own problem types are replaced by this one in every response.
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        document.Components.Schemas[SchemaName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. `code` is stable and snake_case; `title` and `detail` are words for people.",
            Required = new HashSet<string>(["code", "status", "title"], StringComparer.Ordinal),
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text("A URI naming the kind of problem."),
                ["title"] = Text("A short summary for people."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("More words for people, where there are any."),
                ["instance"] = Text("The path that was called."),
                ["code"] = Text("The stable code a client branches on."),
                ["traceId"] = Text("The W3C trace id of the request, to find it in the logs."),
                ["correlationId"] = Text($"The request's correlation id, as in the {CorrelationId.Header} response header."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "With validation_failed: each field (a JSON path such as `consent.givenBy`) and the codes of the rules it broke (`required`, `too_long`, ...).",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
    }

    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, IReadOnlyList<string> unavailable)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var codes = new SortedDictionary<int, List<string>>();
        void Add(int status, IEnumerable<string> values)
        {
            var list = codes.TryGetValue(status, out var known) ? known : codes[status] = [];
            list.AddRange(values.Where(v => !list.Contains(v)));
        }

        // A problem response declared without its codes still points to the one schema.
        foreach (var status in (operation.Responses ?? []).Where(r => r.Value.Content?.ContainsKey(ContentType) == true).Select(r => int.Parse(r.Key, CultureInfo.InvariantCulture)))
        {
            Add(status, []);
        }

        foreach (var declared in metadata.OfType<ProblemCodesMetadata>())
        {
            Add(declared.Status, declared.Codes);
        }

        var access = metadata.OfType<AccessMetadata>().LastOrDefault()?.Class;
        if (access is not (null or AccessClass.Public))
        {
            Add(StatusCodes.Status401Unauthorized, [ErrorCodes.TokenRequired, ErrorCodes.InvalidToken]);
            // Every policy wants a person's token: a partner system's token is refused; an owner's route checks the object too.
            Add(StatusCodes.Status403Forbidden, access is AccessClass.Owner ? [ErrorCodes.Forbidden, ErrorCodes.PersonRequired] : [ErrorCodes.Forbidden]);
        }

        Add(StatusCodes.Status429TooManyRequests, [ErrorCodes.RateLimited]);
        if (unavailable.Count > 0)
        {
            Add(StatusCodes.Status503ServiceUnavailable, unavailable);
            // A service's routes are reached through the gateway, which answers for a service that does not.
            Add(StatusCodes.Status502BadGateway, [ErrorCodes.BadGateway]);
            Add(StatusCodes.Status504GatewayTimeout, [ErrorCodes.GatewayTimeout]);
        }

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, list) in codes)
        {
            var reason = ReasonPhrases.GetReasonPhrase(status);
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = list.Count == 0 ? reason : $"{reason}: {string.Join(", ", list.Select(c => $"`{c}`"))}.",
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [ContentType] = new OpenApiMediaType { Schema = SchemaFor(list, context.Document) },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static IOpenApiSchema SchemaFor(List<string> codes, OpenApiDocument? document)
    {
        var problem = new OpenApiSchemaReference(SchemaName, document);
        return codes.Count == 0
            ? problem
            : new OpenApiSchema
            {
                AllOf =
                [
                    problem,
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(c))] },
                        },
                    },
                ],
            };
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
