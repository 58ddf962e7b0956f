using System.Security.Cryptography;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Client;

/// <summary>Runs node and npm in the TypeScript client's folder (src/Clients/typescript), output captured.</summary>
internal sealed class Npm(string folder, IReadOnlyDictionary<string, string> environment)
{
    public const string Install = "Node.js 18 or later with npm is needed: './alliance test' installs Debian's nodejs and npm "
        + "where node is missing, or install them by hand (apt-get install nodejs npm).";

    public static string Folder() => Path.Combine(Checkout.Root, "src", "Clients", "typescript");

    /// <summary>Runs node or npm; its exit code and everything it printed (stdout, then stderr).</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan limit, CancellationToken ct)
    {
        // Plain output to parse, and no calls home beyond the packages the lockfile names.
        var variables = new Dictionary<string, string>(environment)
        {
            ["NO_COLOR"] = "1",
            ["npm_config_update_notifier"] = "false",
            ["npm_config_fund"] = "false",
            ["npm_config_audit"] = "false",
        };
        try
        {
            return await Command.RunAsync(file, arguments, folder, variables, limit, ct);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"'{file}' is not on PATH. {Install}");
            throw;
        }
    }

    /// <summary>
    /// <c>npm ci</c>, skipped while node_modules was installed from this very lockfile (its hash is
    /// kept beside the packages), so a run on the same machine does not fetch them again.
    /// </summary>
    public async Task<string> CiAsync(CancellationToken ct)
    {
        var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(folder, "package-lock.json"), ct)));
        var marker = Path.Combine(folder, "node_modules", ".alliance-lock-sha256");
        if (File.Exists(marker) && await File.ReadAllTextAsync(marker, ct) == hash)
        {
            return "npm ci skipped: node_modules is from this package-lock.json";
        }

        var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10), ct);
        Assert.True(exit == 0, $"npm ci failed ({exit}):\n{output}");
        await File.WriteAllTextAsync(marker, hash, ct);
        return output;
    }
}
