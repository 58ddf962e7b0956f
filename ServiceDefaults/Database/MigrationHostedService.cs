using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Database;

/// <summary>
/// Applies the service's migrations, retrying with back-off while the database is away, so a
/// service started before its database waits instead of crash-looping. It logs the outage once
/// and the recovery once, not every attempt.
/// </summary>
internal sealed class MigrationHostedService<TContext>(
    IServiceScopeFactory scopes,
    DatabaseReadiness readiness,
    TimeProvider time,
    ILogger<MigrationHostedService<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);
    private static readonly string ContextName = typeof(TContext).Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync(stoppingToken);
                readiness.MarkReady();
                logger.LogInformation("Database for {Context} is migrated and ready after {Failures} failed attempts", ContextName, failures);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.MarkFailed(ex.GetBaseException().Message);
                if (failures++ == 0)
                {
                    logger.LogWarning("Database for {Context} is unavailable ({Reason}); retrying with back-off until it answers",
                        ContextName, readiness.LastError);
                }

                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
