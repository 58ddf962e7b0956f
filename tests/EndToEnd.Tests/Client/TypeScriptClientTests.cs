using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Alliance.EndToEnd.Tests.Client;

/// <summary>
/// The TypeScript client (src/Clients/typescript) as CI builds it: its generated types match the
/// committed document, it type-checks and builds, and its own tests (node --test) go a need's whole
/// round through this system's gateway with it, as an app would.
/// </summary>
public sealed partial class TypeScriptClientTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTypeScriptClient_MatchesTheDocument_Builds_AndGoesANeedsRoundThroughTheGateway()
    {
        var npm = new Npm(Npm.Folder(), new Dictionary<string, string>
        {
            ["ALLIANCE_GATEWAY_URL"] = system.Gateway.BaseAddress!.ToString(),
            ["ALLIANCE_STREET_ADMIN_MOBILE"] = AllianceSystem.StreetAdminMobile,
            ["ALLIANCE_STREET_ADMIN_PASSWORD"] = AllianceSystem.StreetAdminPassword,
        });
        var (nodeExit, version) = await npm.RunAsync("node", ["--version"], TimeSpan.FromSeconds(30), Ct);
        Assert.True(nodeExit == 0, $"node --version failed: {version}. {Npm.Install}");
        var log = TestContext.Current.TestOutputHelper!;
        log.WriteLine($"node {version.Trim()}");
        log.WriteLine(await npm.CiAsync(Ct));

        await StepAsync(npm, "check", TimeSpan.FromMinutes(3));
        await StepAsync(npm, "build", TimeSpan.FromMinutes(3));
        var output = await StepAsync(npm, "test", TimeSpan.FromMinutes(5));

        // TAP (node 18 and 20 when not on a terminal) says '# pass 3'; the spec reporter 'ℹ pass 3'.
        var passed = Summary().Match(output) is { Success: true } p ? int.Parse(p.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        var failed = Failed().Match(output) is { Success: true } f ? int.Parse(f.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        Assert.True(passed >= 3 && failed == 0, $"node --test reported {passed} passed and {failed} failed:\n{output}");
    }

    private static async Task<string> StepAsync(Npm npm, string script, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var (exit, output) = await npm.RunAsync("npm", ["run", script], limit, Ct);
        TestContext.Current.TestOutputHelper!.WriteLine($"npm run {script}: exit {exit} in {clock.Elapsed.TotalSeconds:0.0} s\n{output}");
        Assert.True(exit == 0, $"npm run {script} failed ({exit}):\n{output}");
        return output;
    }

    [GeneratedRegex(@"^(?:#|ℹ) pass (?<n>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"^(?:#|ℹ) fail (?<n>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Failed();
}
