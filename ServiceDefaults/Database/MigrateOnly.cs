using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Database;

/// <summary>What <c>--migrate-only</c> runs: the service's migrations, and nothing else of it.</summary>
internal interface IMigrateOnly
{
    /// <summary>True once every migration is applied; false (logged in one line) if the database never answered or a migration failed.</summary>
    Task<bool> RunAsync();
}

/// <summary>
/// Applies the migrations, retrying with back-off while the database does not answer (in a cluster it
/// may still be starting), for at most <c>Database:MigrateOnlyTimeout</c>. Any other failure, a
/// migration that breaks or a refused login, ends it at once: a retry would not mend it.
/// </summary>
internal sealed class MigrateOnly<TContext>(
    IServiceScopeFactory scopes,
    DatabaseOptions options,
    TimeProvider time,
    ILogger<MigrateOnly<TContext>> logger) : IMigrateOnly
    where TContext : DbContext
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly string ContextName = typeof(TContext).Name;

    public async Task<bool> RunAsync()
    {
        using var deadline = new CancellationTokenSource(options.MigrateOnlyTimeout, time);
        var delay = TimeSpan.FromMilliseconds(250);
        var reason = "no answer";
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
                await database.MigrateAsync(deadline.Token);
                var applied = (await database.GetAppliedMigrationsAsync(deadline.Token)).ToList();
                logger.LogInformation("Database for {Context} is migrated: {Count} migrations applied, the last {Migration}",
                    ContextName, applied.Count, applied.LastOrDefault());
                return true;
            }
            catch (Exception ex) when (deadline.IsCancellationRequested)
            {
                reason = ex is OperationCanceledException ? reason : ex.GetBaseException().Message;
                break;
            }
            catch (Exception ex) when (ex.IsDatabaseOutage())
            {
                reason = ex.GetBaseException().Message;
            }
            catch (Exception ex)
            {
                logger.LogError("Migrations for {Context} failed: {Reason}", ContextName, ex.GetBaseException().Message);
                return false;
            }

            try
            {
                await Task.Delay(delay, time, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }

        logger.LogError("Migrations for {Context} were not applied: the database did not answer within {Timeout} (Database:MigrateOnlyTimeout): {Reason}",
            ContextName, options.MigrateOnlyTimeout, reason);
        return false;
    }
}
