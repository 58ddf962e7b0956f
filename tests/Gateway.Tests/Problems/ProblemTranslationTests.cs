using System.Text.RegularExpressions;
using System.Xml.Linq;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests.Problems;

/// <summary>
/// Every English text a problem can carry has its Chinese in the resources of its project
/// (<c>Resources/Problems.zh-CN.resx</c>), or in ServiceDefaults' for the shared ones, with the same holes.
/// </summary>
public sealed partial class ProblemTranslationTests
{
    public static TheoryData<string> Projects => [.. ProblemSources.Projects(Checkout.Root)];

    [Theory]
    [MemberData(nameof(Projects))]
    public void EveryTextOfAProblem_HasItsChinese(string project)
    {
        var own = Translations(project);
        var shared = Translations("ServiceDefaults");
        var missing = Texts(project)
            .Where(t => !own.ContainsKey(t.Value) && !shared.ContainsKey(t.Value))
            .Select(t => $"{t.Where}: {t.Value}")
            .Distinct()
            .Order(StringComparer.Ordinal);

        AssertNone(missing);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void EveryTranslation_KeepsTheHolesOfItsText_AndIsChinese(string project)
    {
        var wrong = Translations(project)
            .Where(t => !Holes(t.Key).SetEquals(Holes(t.Value)) || !t.Value.Any(c => c is >= '\u4e00' and <= '\u9fff'))
            .Select(t => $"{t.Key} => {t.Value}");

        AssertNone(wrong);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void NoTextIsFilledIn_BeforeItReachesAProblemText(string project)
    {
        // An interpolation passed on as a string has its holes filled already: no key can match it.
        var rendered = Texts(project).Where(t => t.Rendered).Select(t => $"{t.Where}: {t.Value}");

        AssertNone(rendered);
    }

    private static IEnumerable<Found> Texts(string project) =>
        ProblemCatalogueTests.Sources.Value.Found.Where(f => f.Flow == Flow.Text && f.Project == project && IsWords(f.Value));

    /// <summary>Words to translate: not an id, a number or holes alone, which read the same in both languages.</summary>
    private static bool IsWords(string text)
    {
        var words = HolePattern().Replace(text, "").Trim();
        return words.Any(char.IsLetter) && !Guid.TryParse(words, out _);
    }

    private static Dictionary<string, string> Translations(string project)
    {
        var path = Path.Combine(Checkout.Root, project, "Resources", "Problems.zh-CN.resx");
        return File.Exists(path)
            ? XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal)
            : [];
    }

    private static HashSet<string> Holes(string text) => HolePattern().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex HolePattern();

    /// <summary>Fails with every item on its own line, so a long list reads in full.</summary>
    private static void AssertNone(IEnumerable<string> items)
    {
        var all = items.ToList();
        Assert.True(all.Count == 0, $"{all.Count}:\n{string.Join('\n', all)}");
    }
}
