using System.Text.Json;
using Alliance.ServiceDefaults.Problems;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests.Problems;

/// <summary><c>docs/api/problem-codes.json</c> against the codes the sources can answer.</summary>
public sealed class ProblemCatalogueTests
{
    internal static readonly Lazy<ProblemSources> Sources = new(() => ProblemSources.Read(Checkout.Root));

    private static readonly Lazy<JsonElement> Catalogue = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Checkout.Root, "docs", "api", "problem-codes.json"))).RootElement);

    [Fact]
    public void EveryValueThatReachesAProblem_IsFollowedToWhereItIsWritten()
    {
        AssertNone(Sources.Value.Unresolved);
    }

    [Fact]
    public void EveryProblemCodeTheServicesCanAnswer_IsInTheCatalogue_WithItsStatus()
    {
        var missing = Sources.Value.Codes.Where(c => !Catalogue.Value.TryGetProperty(c, out var entry) || !entry.TryGetProperty("status", out _)).Order(StringComparer.Ordinal);

        AssertNone(missing);
    }

    /// <summary>
    /// The contract lists each operation's problem statuses and their codes: every such code is catalogued, with a
    /// status the contract gives it (a code some services answer with another status keeps its usual one).
    /// </summary>
    [Fact]
    public void EveryCodeTheContractLists_IsInTheCatalogue_WithAStatusTheContractGivesIt()
    {
        var contract = JsonDocument.Parse(File.ReadAllText(Path.Combine(Checkout.Root, "docs", "api", "openapi.json"))).RootElement;
        var statuses = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var responses = contract.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("responses", out _))
            .SelectMany(operation => operation.Value.GetProperty("responses").EnumerateObject());
        foreach (var response in responses)
        {
            if (!response.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem)
                || !problem.GetProperty("schema").TryGetProperty("allOf", out var parts))
            {
                continue;
            }

            var codes = parts.EnumerateArray()
                .Where(part => part.TryGetProperty("properties", out var properties) && properties.TryGetProperty("code", out _))
                .SelectMany(part => part.GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray());
            foreach (var code in codes)
            {
                var name = code.GetString()!;
                (statuses.TryGetValue(name, out var known) ? known : statuses[name] = []).Add(int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.NotEmpty(statuses);
        var wrong = statuses
            .Where(c => !Catalogue.Value.TryGetProperty(c.Key, out var entry) || !entry.TryGetProperty("status", out var status) || !c.Value.Contains(status.GetInt32()))
            .Select(c => $"{c.Key}: the contract gives {string.Join(", ", c.Value.Order())}")
            .Order(StringComparer.Ordinal);
        AssertNone(wrong);
    }

    [Fact]
    public void EveryRuleCodeOfFieldErrors_IsInTheCatalogue_WithoutAStatus()
    {
        var missing = Sources.Value.Rules.Where(r => !Catalogue.Value.TryGetProperty(r, out var entry) || entry.TryGetProperty("status", out _)).Order(StringComparer.Ordinal);

        AssertNone(missing);
    }

    [Fact]
    public void TheCatalogue_HasNoCodeTheSourcesDoNotUse_SortedAndInBothLanguages()
    {
        var codes = Catalogue.Value.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        AssertNone(codes.Except(Sources.Value.Codes).Except(Sources.Value.Rules));
        foreach (var entry in Catalogue.Value.EnumerateObject())
        {
            Assert.True(entry.Value.GetProperty("zh-CN").GetString()!.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{entry.Name}: zh-CN is not Chinese");
            Assert.False(string.IsNullOrWhiteSpace(entry.Value.GetProperty("en").GetString()), $"{entry.Name}: no en");
        }
    }

    [Fact]
    public void ServiceDefaults_CarriesTheCommittedCatalogue()
    {
        Assert.Equal(Catalogue.Value.EnumerateObject().Count(), ProblemCatalogue.All.Count);
        Assert.Equal("服务暂不可用，请稍后重试。", ProblemCatalogue.All[ErrorCodes.ServiceUnavailable].Chinese);
    }

    /// <summary>Fails with every item on its own line, so a long list reads in full.</summary>
    private static void AssertNone(IEnumerable<string> items)
    {
        var all = items.ToList();
        Assert.True(all.Count == 0, $"{all.Count}:\n{string.Join('\n', all)}");
    }
}
