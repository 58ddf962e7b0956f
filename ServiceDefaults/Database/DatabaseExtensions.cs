using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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
        // Pooled: a context per request or message is the hot path of every service.
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseServiceDatabase(connectionString)
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddSingleton<DatabaseReadiness>();
        // Idempotency-Key answers live in the service's own database (its model adds the table).
        builder.Services.AddIdempotency(connectionString);
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
            .UseNpgsql(WithPreparing(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>The connection string a service's DbContext uses, and so the key of its connection pool.</summary>
    public static string WithPreparing(string connectionString)
    {
        // Auto-prepared statements spare PostgreSQL re-planning the same few queries.
        var withPreparing = new NpgsqlConnectionStringBuilder(connectionString);
        if (withPreparing.MaxAutoPrepare == 0)
        {
            withPreparing.MaxAutoPrepare = 50;
        }

        return withPreparing.ConnectionString;
    }

    /// <summary>Answers 503 to every request but the probes until the database is migrated.</summary>
    public static WebApplication UseDatabaseReadiness(this WebApplication app)
    {
        app.UseMiddleware<DatabaseReadinessMiddleware>();
        return app;
    }
}
