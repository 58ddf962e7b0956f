using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Database;

/// <summary>
/// Makes the service's database ready, retrying with back-off while it is away, so a service
/// started before its database waits instead of crash-looping. With <c>Database:MigrateAtStart</c>
/// it applies the migrations itself; without, it waits until <c>--migrate-only</c> has applied every
/// migration it knows, so that in a cluster no replica migrates. It logs the outage once and the
/// recovery once, not every attempt.
/// </summary>
internal sealed class MigrationHostedService<TContext>(
    IServiceScopeFactory scopes,
    DatabaseReadiness readiness,
    DatabaseOptions options,
    TimeProvider time,
    ILogger<MigrationHostedService<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    // A migration job takes seconds: look again soon, so the replica is ready soon after it.
    private static readonly TimeSpan MaxPendingDelay = TimeSpan.FromSeconds(5);
    private static readonly string ContextName = typeof(TContext).Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var failures = 0;
        var waits = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var cap = MaxDelay;
            try
            {
                if (await PendingAsync(stoppingToken) is not [var first, ..] pending)
                {
                    readiness.MarkReady();
                    logger.LogInformation("Database for {Context} is migrated and ready after {Failures} failed attempts", ContextName, failures);
                    return;
                }

                readiness.MarkFailed($"{pending.Count} migrations are not applied yet (the first {first}); --migrate-only applies them");
                if (waits++ == 0)
                {
                    logger.LogWarning("Database for {Context} lacks {Count} migrations (the first {Migration}); waiting for --migrate-only to apply them",
                        ContextName, pending.Count, first);
                }

                cap = MaxPendingDelay;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.MarkFailed(ex.GetBaseException().Message);
                if (failures++ == 0)
                {
                    logger.LogWarning("Database for {Context} is unavailable ({Reason}); retrying with back-off until it answers",
                        ContextName, readiness.LastError);
                }
            }

            await Task.Delay(delay, time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, cap.Ticks));
        }
    }

    /// <summary>The migrations still to apply: none once this replica has applied them or, without MigrateAtStart, once someone else has.</summary>
    private async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        if (options.MigrateAtStart)
        {
            await database.MigrateAsync(ct);
            return [];
        }

        return [.. await database.GetPendingMigrationsAsync(ct)];
    }
}
