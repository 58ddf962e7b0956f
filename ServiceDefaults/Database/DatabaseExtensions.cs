using Alliance.ServiceDefaults.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's own PostgreSQL database from <c>ConnectionStrings:{connectionName}</c>
    /// (as the AppHost injects it), applies its migrations in the background with back-off, and
    /// keeps <c>/health</c> not ready and requests at 503 until they are applied.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. The AppHost injects it; outside it, set it in configuration.");

        // Building blocks (the outbox) hook into SaveChanges through interceptors registered in DI.
        builder.Services.AddDbContext<TContext>((services, options) => options
            .UseServiceDatabase(connectionString)
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddHostedService<MigrationHostedService<TContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<TContext>>("database", tags: [Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// PostgreSQL with snake_case names, as every service, its migrations tool and its tests use it.
    /// </summary>
    public static TOptions UseServiceDatabase<TOptions>(this TOptions options, string connectionString)
        where TOptions : DbContextOptionsBuilder
    {
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>Answers 503 to every request but the probes until the database is migrated.</summary>
    public static WebApplication UseDatabaseReadiness(this WebApplication app)
    {
        app.UseMiddleware<DatabaseReadinessMiddleware>();
        return app;
    }
}
