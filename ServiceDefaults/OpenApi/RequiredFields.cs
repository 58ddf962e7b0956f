using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Alliance.ServiceDefaults.OpenApi;

/// <summary>
/// A field is required where it can never be null: a non-nullable member, or a request field marked
/// <see cref="RequiredFieldAttribute"/> (whose type loses its <c>null</c>: a body without it is refused).
/// The framework lists every constructor parameter as required, which would make a client send
/// every optional request field; a nullable member so becomes optional, in responses too (where a
/// client must take null anyway).
/// </summary>
internal static class RequiredFields
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!schema.Properties.TryGetValue(property.Name, out var field))
            {
                continue;
            }

            if (IsMarked(property))
            {
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                schema.Required.Add(property.Name);
                schema.Properties[property.Name] = NotNull(field);
            }
            else if (property.IsGetNullable || property.IsSetNullable)
            {
                schema.Required?.Remove(property.Name);
            }
        }

        if (schema.Required is { Count: 0 })
        {
            schema.Required = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A nullable object or enum becomes "one of null or the type" only after the schema transformers
    /// ran: a required field of that kind keeps the type alone here, at the end.
    /// </summary>
    public static void DropNullFromRequired(OpenApiDocument document)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            foreach (var name in schema.Required ?? new HashSet<string>())
            {
                if (schema.Properties?.TryGetValue(name, out var field) == true)
                {
                    schema.Properties[name] = NotNull(field);
                }
            }
        }
    }

    // A positional record's attribute sits on the constructor parameter unless written [property: ...].
    private static bool IsMarked(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredFieldAttribute), inherit: false) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(RequiredFieldAttribute), inherit: false) == true;

    private static IOpenApiSchema NotNull(IOpenApiSchema field)
    {
        switch (field)
        {
            case OpenApiSchema { Type: { } type } inline when type.HasFlag(JsonSchemaType.Null):
                inline.Type = type & ~JsonSchemaType.Null;
                return inline;
            // A nullable object or enum is "one of null or the type": the type alone remains.
            case OpenApiSchema { OneOf: [var first, var second] } when IsNull(first) || IsNull(second):
                return IsNull(first) ? second : first;
            default:
                return field;
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
