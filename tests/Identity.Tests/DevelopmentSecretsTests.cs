using System.Diagnostics;
using Alliance.Contracts.Validation;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>
/// What <c>./alliance up</c> keeps in <c>.alliance/</c> before it starts anything: run on a copy of
/// the script, so the checkout's own secrets are never touched.
/// </summary>
[Trait("Category", "Unit")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DevelopmentSecretsTests : IDisposable
{
    private readonly string copy = Directory.CreateTempSubdirectory("alliance-script-").FullName;

    [Fact]
    public async Task TheStreetAdminsMobile_IsARandomValidMainlandOne_PerCheckout()
    {
        var first = Secrets(await EnsureSecretsAsync(Checkout("first")));
        var second = Secrets(await EnsureSecretsAsync(Checkout("second")));

        Assert.True(ChineseFormats.IsMobile(first["street-admin-mobile"]), first["street-admin-mobile"]);
        Assert.Matches("^1[3-9][0-9]{9}$", first["street-admin-mobile"]);
        Assert.NotEqual(first["street-admin-mobile"], second["street-admin-mobile"]);
        Assert.NotEqual(first["street-admin-password"], second["street-admin-password"]);
    }

    [Fact]
    public async Task DotAlliance_IsTheOwnersOnly_EvenForFilesAnOlderCheckoutLeftOpen()
    {
        var root = Checkout("older");
        var state = Directory.CreateDirectory(Path.Combine(root, ".alliance")).FullName;
        var log = Path.Combine(state, "apphost.log");
        await File.WriteAllTextAsync(log, "dashboard http://localhost:15080/login?t=0123abcd", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(log, (UnixFileMode)0b110_100_100);

        await EnsureSecretsAsync(root);

        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(state));
        Assert.All(Directory.GetFiles(state), file => Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(file)));
        Assert.Contains(Path.Combine(state, "secrets.env"), Directory.GetFiles(state));
    }

    public void Dispose() => Directory.Delete(copy, recursive: true);

    /// <summary>A checkout of its own: the script and what it sources.</summary>
    private string Checkout(string name)
    {
        var root = Directory.CreateDirectory(Path.Combine(copy, name)).FullName;
        var repository = Alliance.Testing.Checkout.Root;
        File.Copy(Path.Combine(repository, "alliance"), Path.Combine(root, "alliance"));
        Directory.CreateDirectory(Path.Combine(root, "eng"));
        foreach (var file in Directory.GetFiles(Path.Combine(repository, "eng"), "*.sh"))
        {
            File.Copy(file, Path.Combine(root, "eng", Path.GetFileName(file)));
        }

        return root;
    }

    /// <summary>Runs the script's <c>ensure_secrets</c>, the step of <c>up</c> that writes <c>.alliance/</c>.</summary>
    private static async Task<string> EnsureSecretsAsync(string root)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", "source ./alliance help >/dev/null && ensure_secrets"])
        {
            WorkingDirectory = root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(bash.ExitCode == 0, await error);
        return root;
    }

    private static Dictionary<string, string> Secrets(string root) =>
        File.ReadAllLines(Path.Combine(root, ".alliance", "secrets.env"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0]["Parameters__".Length..], pair => pair[1]);
}
