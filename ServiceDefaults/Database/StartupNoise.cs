using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Database;

/// <summary>What a service logs as an error while it starts that is no error: filtered out until its database is ready.</summary>
internal static class StartupNoise
{
    private const string HealthChecks = "Microsoft.Extensions.Diagnostics.HealthChecks";
    private const string EntityFrameworkConnections = "Microsoft.EntityFrameworkCore.Database.Connection";
    private const string EntityFrameworkCommands = "Microsoft.EntityFrameworkCore.Database.Command";
    private const string EntityFrameworkMigrations = "Microsoft.EntityFrameworkCore.Migrations";

    public static bool Is(string? category, LogLevel level) =>
        level >= LogLevel.Warning && category is not null
        && (category.StartsWith(HealthChecks, StringComparison.Ordinal)
            || category.StartsWith(EntityFrameworkConnections, StringComparison.Ordinal)
            || category.StartsWith(EntityFrameworkCommands, StringComparison.Ordinal)
            || category.StartsWith(EntityFrameworkMigrations, StringComparison.Ordinal));
}
