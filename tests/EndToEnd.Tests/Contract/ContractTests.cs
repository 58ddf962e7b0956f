using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Contract;

/// <summary>
/// docs/api/openapi.json is the one contract of the public API: the six services' documents and the
/// gateway's own, fetched from the running system and merged as the gateway's callers see them.
/// A change to the API fails here until the file is rewritten with <c>UPDATE_OPENAPI=1 ./alliance test</c>,
/// so the committed document (which the gateway serves at /docs/openapi.json) never drifts.
/// </summary>
public sealed class ContractTests(AllianceSystem system)
{
    private static readonly string[] Services = ["needs", "volunteers", "teams", "merchants", "points", "notifications", "identity"];

    [Fact]
    public async Task TheMergedDocument_IsTheCommittedOne()
    {
        var documents = new List<(string, JsonObject)>();
        foreach (var service in Services)
        {
            documents.Add((service, await FetchAsync($"/api/{service}/openapi/v1.json")));
        }

        documents.Add(("gateway", await FetchAsync("/openapi/gateway.json")));
        var merged = OpenApiMerge.Merge(documents);
        var text = OpenApiMerge.Write(merged);

        var operations = merged["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).ToList();
        Assert.DoesNotContain(merged["paths"]!.AsObject(), p => p.Key.Contains("/admin/", StringComparison.Ordinal));
        Assert.All(operations, o => Assert.NotNull(o.Value!["responses"]!["429"]));
        AssertTheRules(merged);
        var file = Path.Combine(Checkout.Root, "docs", "api", "openapi.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
            return;
        }

        var committed = File.Exists(file) ? (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n") : "";
        Assert.True(
            committed == text,
            $"docs/api/openapi.json is not the API the system serves:\n{OpenApiMerge.Diff(committed.Length > 0 ? JsonNode.Parse(committed) : null, merged)}\n"
            + "Rewrite it with UPDATE_OPENAPI=1 ./alliance test EndToEnd, and commit it with the change.");
    }

    /// <summary>
    /// What the transformers promise, checked on the served documents whatever the committed file says: a marked
    /// field is required and never null, an unmarked nullable one is optional, a problem response lists its codes,
    /// the main writes carry an example, and a number is a number (never "number or string").
    /// </summary>
    private static void AssertTheRules(JsonObject merged)
    {
        var postNeed = merged["components"]!["schemas"]!["PostNeedRequest"]!;
        var required = postNeed["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("gridId", required);
        Assert.DoesNotContain("description", required);
        Assert.Equal("string", postNeed["properties"]!["gridId"]!["type"]!.GetValue<string>());
        var post = merged["paths"]!["/api/needs"]!["post"]!;
        var codes = post["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["allOf"]![1]!["properties"]!["code"]!["enum"]!;
        Assert.Contains("validation_failed", codes.AsArray().Select(c => c!.GetValue<string>()));
        Assert.NotNull(post["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.DoesNotContain(
            merged.ToJsonString().Split("\"type\":[", StringSplitOptions.None).Skip(1),
            type => type.StartsWith("\"integer\",\"string\"]", StringComparison.Ordinal) || type.StartsWith("\"null\",\"integer\",\"string\"]", StringComparison.Ordinal));
    }

    private async Task<JsonObject> FetchAsync(string path) =>
        await system.Gateway.GetFromJsonAsync<JsonObject>(path, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"{path} answered no document.");
}
