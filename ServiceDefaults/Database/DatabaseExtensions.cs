using System.Diagnostics;
using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's own PostgreSQL database from <c>ConnectionStrings:{connectionName}</c>
    /// (as the AppHost injects it), applies its migrations in the background with back-off (or, with
    /// <c>Database:MigrateAtStart</c> false, waits until <c>--migrate-only</c> has applied them), and
    /// keeps <c>/health</c> not ready and requests at 503 until they are applied. The database also
    /// keeps the service's data-protection key ring (application <c>alliance-{serviceName}</c>), so
    /// every replica protects and unprotects with the same keys.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName, string serviceName)
        where TContext : DbContext, IDataProtectionKeyContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. The AppHost injects it; outside it, set it in configuration.");

        // One data source (one pool) for everything the service does with its database; the
        // container disposes it, so its connections close with the host.
        builder.Services.AddSingleton(_ => CreateDataSource(connectionString));
        // Building blocks (the outbox) hook into SaveChanges through interceptors registered in DI.
        // Pooled: a context per request or message is the hot path of every service.
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseServiceDatabase(services.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddSingleton(builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions());
        builder.Services.AddSingleton<IMigrateOnly, MigrateOnly<TContext>>();
        var readiness = new DatabaseReadiness();
        builder.Services.AddSingleton(readiness);
        // Until the migrations are applied, a not-yet-ready health check and EF's look-up of the
        // migrations table on a fresh database are expected, not errors: no red badges on a clean
        // start. The migration service logs a real outage itself.
        // After the configuration's rules are read, so each noisy category keeps its configured level.
        builder.Services.PostConfigure<LoggerFilterOptions>(options => StartupNoise.Quiet(options, () => readiness.IsReady));
        // ARCHITECTURE.md: the key ring is kept in each service's own database, never on one machine's disk.
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName(serviceName))
            .PersistKeysToDbContext<TContext>();
        // Idempotency-Key answers live in the service's own database (its model adds the table).
        builder.Services.AddIdempotency();
        builder.Services.AddHostedService<MigrationHostedService<TContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<TContext>>("database", tags: [Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>The data-protection application name of a service: what one replica protects, only its own service's replicas unprotect.</summary>
    public static string DataProtectionApplicationName(string serviceName) => $"alliance-{serviceName}";

    /// <summary>
    /// PostgreSQL with snake_case names, as every service, its migrations tool and its tests use it.
    /// </summary>
    public static TOptions UseServiceDatabase<TOptions>(this TOptions options, string connectionString)
        where TOptions : DbContextOptionsBuilder
    {
        options
            .UseNpgsql(ForService(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>The same, on the service's one data source.</summary>
    public static TOptions UseServiceDatabase<TOptions>(this TOptions options, NpgsqlDataSource dataSource)
        where TOptions : DbContextOptionsBuilder
    {
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>
    /// The pool size a service gets unless its connection string names one: every app at two replicas
    /// (7 × 2 × 30 = 420) fits PostgreSQL's 500 connections with room to spare (README, "Connections").
    /// </summary>
    public const int DefaultMaxPoolSize = 30;

    /// <summary>
    /// The service's data source. Its commands are traced only as part of something traced (a request,
    /// a message, due work): the background polls (the outbox, due work, health) run a query every
    /// second or two, and as traces of their own they would bury the dashboard's real ones.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(ForService(connectionString));
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Activity.Current is not null)
            .ConfigureBatchFilter(_ => Activity.Current is not null)
            .EnablePhysicalOpenTracing(false));
        return builder.Build();
    }

    /// <summary>A service's connection string as its data source uses it, and so the key of its connection pool.</summary>
    public static string ForService(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Auto-prepared statements spare PostgreSQL re-planning the same few queries.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 50;
        }

        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("Max Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>Answers 503 to every request but the probes until the database is migrated.</summary>
    public static WebApplication UseDatabaseReadiness(this WebApplication app)
    {
        app.UseMiddleware<DatabaseReadinessMiddleware>();
        return app;
    }
}
