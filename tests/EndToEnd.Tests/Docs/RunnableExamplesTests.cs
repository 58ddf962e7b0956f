using System.Text.RegularExpressions;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Docs;

/// <summary>
/// Every fenced block marked <c>```bash run</c> in README.md and docs/*.md runs against the real
/// system, as a reader would paste it after <c>./alliance up</c>: each on its own, with
/// <c>bash -euo pipefail</c>, from the repository's root. A block reads the gateway from
/// <c>$GATEWAY</c> and the street admin from the file <c>$ALLIANCE_SECRETS</c> names (both default to
/// what <c>up</c> makes), so the text a reader copies is the text that runs (docs/testing.md).
/// </summary>
public sealed partial class RunnableExamplesTests(AllianceSystem system)
{
    private static readonly string Root = Checkout.Root;

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _) in Find())
        {
            data.Add(file, line);
        }

        return data;
    }

    [Fact]
    public void TheReadmeAndTheApiReference_HaveRunnableExamples()
    {
        var blocks = Find().ToList();

        Assert.Contains(blocks, b => b.File == "README.md");
        Assert.Contains(blocks, b => b.File == "docs/api.md");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task AnExampleMarkedBashRun_RunsGreen(string file, int line)
    {
        var script = Find().Single(b => b.File == file && b.Line == line).Script;
        var secrets = Path.GetTempFileName();
        var scriptFile = Path.GetTempFileName();
        try
        {
            // The same lines ./alliance up writes to .alliance/secrets.env, for this run's street admin.
            await File.WriteAllLinesAsync(secrets,
                [$"Parameters__street-admin-mobile={AllianceSystem.StreetAdminMobile}", $"Parameters__street-admin-password={AllianceSystem.StreetAdminPassword}"],
                TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(scriptFile, script, TestContext.Current.CancellationToken);
            var (exitCode, output) = await RunAsync(scriptFile, secrets);

            Assert.True(exitCode == 0, $"{file}:{line} exited {exitCode}.\n--- the block ---\n{script}\n--- its output ---\n{output}");
        }
        finally
        {
            File.Delete(secrets);
            File.Delete(scriptFile);
        }
    }

    private Task<(int ExitCode, string Output)> RunAsync(string scriptFile, string secrets) =>
        Command.RunAsync("bash", ["-euo", "pipefail", scriptFile], Root,
            new Dictionary<string, string>
            {
                ["GATEWAY"] = system.Gateway.BaseAddress!.ToString().TrimEnd('/'),
                ["ALLIANCE_SECRETS"] = secrets,
            },
            TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

    private static IEnumerable<(string File, int Line, string Script)> Find()
    {
        var files = new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            var text = File.ReadAllText(path).ReplaceLineEndings("\n");
            foreach (Match match in BashRun().Matches(text))
            {
                yield return (relative, text[..match.Index].Count(c => c == '\n') + 1, match.Groups["script"].Value);
            }
        }
    }

    [GeneratedRegex(@"^```bash run[ \t]*\n(?<script>.*?)^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashRun();
}
