using Alliance.ServiceDefaults.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.ServiceDefaults.Idempotency;

internal static class IdempotencyExtensions
{
    /// <summary>Registers the store on the service's database and the hourly sweep of expired keys.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencySweeper>();
        return services;
    }
}

/// <summary>Deletes keys older than 24 hours, once the database is migrated and then every hour.</summary>
internal sealed partial class IdempotencySweeper(IdempotencyStore store, DatabaseReadiness readiness, ILogger<IdempotencySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsReady)
        {
            await Task.Delay(500, stoppingToken);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                var deleted = await store.DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogSwept(logger, deleted);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency keys")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired idempotency keys failed; the next sweep retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
