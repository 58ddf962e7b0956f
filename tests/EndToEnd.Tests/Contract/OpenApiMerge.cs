using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.EndToEnd.Tests.Contract;

/// <summary>
/// Merges the services' and the gateway's OpenAPI documents into one, as the gateway's callers see
/// it: every path as called through the gateway, one server (<c>/</c>), one set of components.
/// The result depends only on the documents, never on the order they arrive in, and its keys are
/// sorted, so the committed file changes only where the API did.
/// </summary>
internal static class OpenApiMerge
{
    private const string SchemaRef = "#/components/schemas/";

    public static JsonObject Merge(IReadOnlyList<(string Name, JsonObject Document)> documents)
    {
        var ordered = documents.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var renames = SchemaRenames(ordered);
        var merged = new JsonObject
        {
            ["openapi"] = ordered[0].Document["openapi"]?.DeepClone(),
            ["info"] = new JsonObject
            {
                ["title"] = "Alliance API",
                ["version"] = "v1",
                ["description"] = "The whole public API, as called through the gateway: every service's operations and the gateway's own.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "The Alliance gateway" }),
        };
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var securitySchemes = new JsonObject();
        var tags = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (name, source) in ordered)
        {
            var document = (JsonObject)source.DeepClone();
            RewriteRefs(document, renames[name]);
            // Each document's paths are relative to its server: /api for a service, / for the gateway.
            var prefix = document["servers"]?[0]?["url"]?.GetValue<string>().TrimEnd('/') ?? "";
            foreach (var (path, item) in document["paths"]?.AsObject().ToList() ?? [])
            {
                paths[prefix + path] = item?.DeepClone();
            }

            foreach (var (schema, body) in document["components"]?["schemas"]?.AsObject().ToList() ?? [])
            {
                schemas[renames[name].GetValueOrDefault(schema, schema)] = body?.DeepClone();
            }

            foreach (var (scheme, body) in document["components"]?["securitySchemes"]?.AsObject().ToList() ?? [])
            {
                securitySchemes[scheme] = body?.DeepClone();
            }

            foreach (var tag in document["tags"]?.AsArray() ?? [])
            {
                tags.TryAdd(tag!["name"]!.GetValue<string>(), tag.DeepClone());
            }
        }

        merged["paths"] = paths;
        merged["components"] = new JsonObject { ["schemas"] = schemas, ["securitySchemes"] = securitySchemes };
        merged["tags"] = new JsonArray([.. tags.Values]);
        DropUnreferencedSchemas(merged);
        return (JsonObject)Sorted(merged);
    }

    public static string Write(JsonNode document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>Which paths and schemas differ between the committed document and the new one, in a few lines.</summary>
    public static string Diff(JsonNode? committed, JsonNode current)
    {
        var lines = new List<string>();
        foreach (var section in new[] { "paths", "components/schemas" })
        {
            var before = Section(committed, section);
            var after = Section(current, section);
            var added = after.Keys.Except(before.Keys).ToList();
            var removed = before.Keys.Except(after.Keys).ToList();
            var changed = after.Keys.Intersect(before.Keys).Where(k => !JsonNode.DeepEquals(before[k], after[k])).ToList();
            foreach (var (what, keys) in new[] { ("added", added), ("removed", removed), ("changed", changed) }.Where(e => e.Item2.Count > 0))
            {
                lines.Add($"{section} {what} ({keys.Count}): {string.Join(", ", keys.Take(8))}{(keys.Count > 8 ? ", ..." : "")}");
            }
        }

        return lines.Count == 0 ? "only the document's other parts differ (info, tags, security schemes or formatting)" : string.Join("\n", lines);
    }

    /// <summary>
    /// A schema name that two documents use for different schemas is prefixed with its service's name
    /// in every document that has it; a name shared by identical schemas stays one schema.
    /// Renaming changes references, so it repeats until nothing more clashes.
    /// </summary>
    private static Dictionary<string, Dictionary<string, string>> SchemaRenames(List<(string Name, JsonObject Document)> documents)
    {
        var renames = documents.ToDictionary(d => d.Name, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        while (true)
        {
            var clashes = documents
                .SelectMany(d => (d.Document["components"]?["schemas"]?.AsObject().ToList() ?? [])
                    .Where(s => !renames[d.Name].ContainsKey(s.Key))
                    .Select(s => (Service: d.Name, Schema: s.Key, Text: Canonical(s.Value, renames[d.Name]))))
                .GroupBy(s => s.Schema, StringComparer.Ordinal)
                .Where(g => g.Select(s => s.Text).Distinct(StringComparer.Ordinal).Count() > 1)
                .SelectMany(g => g)
                .ToList();
            if (clashes.Count == 0)
            {
                return renames;
            }

            foreach (var (service, schema, _) in clashes)
            {
                renames[service][schema] = char.ToUpperInvariant(service[0]) + service[1..] + schema;
            }
        }
    }

    private static string Canonical(JsonNode? schema, Dictionary<string, string> renames)
    {
        var copy = schema?.DeepClone();
        if (copy is not null)
        {
            RewriteRefs(copy, renames);
        }

        return copy is null ? "null" : Sorted(copy).ToJsonString();
    }

    private static void RewriteRefs(JsonNode node, Dictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } target && target.StartsWith(SchemaRef, StringComparison.Ordinal)
                    && renames.TryGetValue(target[SchemaRef.Length..], out var renamed))
                {
                    obj["$ref"] = SchemaRef + renamed;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        RewriteRefs(child, renames);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    RewriteRefs(child, renames);
                }

                break;
        }
    }

    /// <summary>Schemas no operation reaches (the framework's problem types, replaced by <c>Problem</c>) are left out.</summary>
    private static void DropUnreferencedSchemas(JsonObject document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>([document["paths"]!]);
        while (pending.TryPop(out var node))
        {
            foreach (var target in Refs(node))
            {
                if (reached.Add(target) && schemas[target] is { } schema)
                {
                    pending.Push(schema);
                }
            }
        }

        foreach (var name in schemas.Select(s => s.Key).Where(n => !reached.Contains(n)).ToList())
        {
            schemas.Remove(name);
        }
    }

    private static IEnumerable<string> Refs(JsonNode node) => node switch
    {
        JsonObject obj => (obj["$ref"]?.GetValue<string>() is { } target && target.StartsWith(SchemaRef, StringComparison.Ordinal) ? [target[SchemaRef.Length..]] : Array.Empty<string>())
            .Concat(obj.Where(p => p.Value is not null).SelectMany(p => Refs(p.Value!))),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Refs),
        _ => [],
    };

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(item => item is null ? null : Sorted(item))]),
        _ => node.DeepClone(),
    };

    private static Dictionary<string, JsonNode?> Section(JsonNode? document, string path)
    {
        var node = path.Split('/').Aggregate(document, (current, key) => current?[key]);
        return node is JsonObject obj ? obj.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : [];
    }
}
