using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
    private static readonly string[] Services = ["needs", "volunteers", "teams", "merchants", "points", "identity"];

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
        var file = Path.Combine(RepositoryRoot(), "docs", "api", "openapi.json");
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

    private async Task<JsonObject> FetchAsync(string path) =>
        await system.Gateway.GetFromJsonAsync<JsonObject>(path, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"{path} answered no document.");

    /// <summary>The checkout this test was built from: the folder above the test's output that holds Alliance.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Alliance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Alliance.sln above {AppContext.BaseDirectory}.");
    }
}
