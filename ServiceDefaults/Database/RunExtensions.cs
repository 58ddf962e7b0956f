using Alliance.ServiceDefaults.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

public static class RunExtensions
{
    /// <summary>The command-line switch that makes a service apply its migrations and exit.</summary>
    public const string MigrateOnlySwitch = "--migrate-only";

    /// <summary>
    /// Runs the service; or, started with <c>--migrate-only</c>, applies its database's migrations and
    /// exits (code 0 once applied, 1 if not), without starting Kestrel, the bus or any hosted service, so
    /// neither the broker nor Identity need be up. A cluster runs it once before it rolls out replicas
    /// that have <c>Database:MigrateAtStart</c> false.
    /// </summary>
    public static void RunOrMigrate(this WebApplication app, string[] args)
    {
        if (!args.Contains(MigrateOnlySwitch, StringComparer.Ordinal))
        {
            app.Run();
            return;
        }

        Environment.ExitCode = MigrateOnlyAsync(app).GetAwaiter().GetResult() ? 0 : 1;
    }

    /// <summary>
    /// Takes <c>--migrate-only</c> out of the configuration's command line: read as a setting, it would
    /// swallow the next argument as its value (<c>--migrate-only --Database:MigrateOnlyTimeout=00:00:30</c>).
    /// </summary>
    internal static void IgnoreMigrateOnlySwitch(this IConfigurationBuilder configuration)
    {
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is CommandLineConfigurationSource commandLine && commandLine.Args.Contains(MigrateOnlySwitch, StringComparer.Ordinal))
            {
                sources[i] = new CommandLineConfigurationSource
                {
                    Args = [.. commandLine.Args.Where(arg => arg != MigrateOnlySwitch)],
                    SwitchMappings = commandLine.SwitchMappings,
                };
            }
        }
    }

    private static async Task<bool> MigrateOnlyAsync(WebApplication app)
    {
        // Disposed before the process exits, so the console logger writes out the outcome's line.
        await using (app)
        {
            if (app.Services.GetService<IMigrateOnly>() is not { } migrations)
            {
                app.Logger.LogError("{Application} has no database to migrate", app.Environment.ApplicationName);
                return false;
            }

            return await migrations.RunAsync();
        }
    }
}
