using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace Alliance.ServiceDefaults.Idempotency;

/// <summary>
/// Top-level fields of an endpoint's JSON answer that are shown once and never stored (a secret
/// Identity keeps only the hash of): the Idempotency-Key table keeps the answer with them null, and
/// a replay says which it withheld (<c>Idempotent-Withheld</c>).
/// </summary>
public sealed record ShownOnceMetadata(IReadOnlyList<string> Fields)
{
    /// <summary>The body with the fields set to null; a body that is not a JSON object is kept as it is (a problem holds no secret).</summary>
    internal byte[] Withhold(byte[] body)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return body;
        }

        if (json is not JsonObject answer)
        {
            return body;
        }

        foreach (var field in Fields.Where(answer.ContainsKey))
        {
            answer[field] = null;
        }

        return JsonSerializer.SerializeToUtf8Bytes(answer);
    }
}

public static class ShownOnceExtensions
{
    /// <summary>Declares answer fields that an Idempotency-Key replay answers without (null), and that are never stored.</summary>
    public static TBuilder ShownOnce<TBuilder>(this TBuilder builder, params string[] fields) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ShownOnceMetadata(fields));
}
