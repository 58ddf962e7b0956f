using Alliance.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliance.Messaging.DueWork;

/// <summary>
/// Takes due rows one at a time with <c>FOR UPDATE SKIP LOCKED</c>, runs the handler of their kind and
/// deletes the row in the same transaction. A failure puts the row back with back-off. Time comes
/// from <see cref="TimeProvider"/>, so tests move the clock instead of sleeping.
/// </summary>
internal sealed class DueWorkSweeper<TContext>(
    IServiceScopeFactory scopes,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<DueWorkSweeper<TContext>> logger,
    DatabaseReadiness? readiness = null) : BackgroundService
    where TContext : DbContext
{
    private readonly OutageLog outage = new(logger, "Due work sweep");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its tables come with the service's migrations: no point asking for them before.
        while (readiness is { IsReady: false })
        {
            await Task.Delay(200, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            bool handled;
            try
            {
                handled = await SweepOneAsync(stoppingToken);
                outage.Succeeded();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                outage.Failed(ex);
                handled = false;
            }

            if (!handled)
            {
                try
                {
                    await Task.Delay(options.Value.DueWorkPollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Handles one due item, if there is one; returns whether there was.</summary>
    internal async Task<bool> SweepOneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var items = await db.Set<DueWorkItem>()
            .FromSql($"SELECT * FROM due_work WHERE due_at <= {now} ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (items is not [var item])
        {
            return false;
        }

        var handler = scope.ServiceProvider.GetServices<IDueWorkHandler>().FirstOrDefault(h => h.Kind == item.Kind);
        try
        {
            if (handler is null)
            {
                throw new InvalidOperationException($"No handler is registered for due work of kind '{item.Kind}'.");
            }

            await handler.HandleAsync(item, ct);
            db.Set<DueWorkItem>().Remove(item);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            metrics.DueWorkHandled.Add(1, new KeyValuePair<string, object?>("kind", item.Kind));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await transaction.RollbackAsync(ct);
            metrics.HandlerFailures.Add(1, new KeyValuePair<string, object?>("due_work", item.Kind));
            logger.LogWarning(ex, "Due work {Kind} for {Key} failed (attempt {Attempt}); it will be retried", item.Kind, item.Key, item.Attempts + 1);
            await PostponeAsync(item.Id, ex, ct);
        }

        return true;
    }

    private async Task PostponeAsync(Guid id, Exception failure, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow();
        var item = await db.Set<DueWorkItem>().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (item is null)
        {
            return;
        }

        item.Attempts++;
        item.LastError = failure.GetBaseException().Message;
        item.DueAt = now + MessagingOptions.Backoff(item.Attempts);
        await db.SaveChangesAsync(ct);
    }
}
