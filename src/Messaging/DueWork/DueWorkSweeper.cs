using Alliance.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliance.Messaging.DueWork;

/// <summary>
/// Takes due rows one at a time with <c>FOR UPDATE SKIP LOCKED</c>, runs the handler of their kind and
/// deletes the row in the same transaction. A transient failure puts the row back with back-off (at
/// most <see cref="MessagingOptions.DueWorkMaxBackoff"/>), for as long as it takes; a permanent one
/// (no handler for the kind, a <see cref="Faults.PermanentMessageException"/>) parks it, visible and
/// replayable, instead of retrying it forever. Time comes from <see cref="TimeProvider"/>, so tests
/// move the clock instead of sleeping.
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

    /// <summary>
    /// Handles one due item, if there is one; returns whether there was. The item is first leased (its
    /// time moved past the handler's longest run) in a short transaction of its own, so no handler
    /// holds the row's lock across a call to another service; the handler's effect and the row's
    /// removal then commit together. A crash in between leaves the lease to run out and the item to be
    /// taken again (handlers are idempotent). A reschedule meanwhile moves the row off its lease: the
    /// new schedule stands and this run's changes are dropped.
    /// </summary>
    internal async Task<bool> SweepOneAsync(CancellationToken ct)
    {
        if (await LeaseOneAsync(ct) is not { } leased)
        {
            return false;
        }

        // The item's work is traced as one operation (its database, gRPC and HTTP calls under it); the
        // polls that find nothing are not traced at all.
        using var activity = MessagingMetrics.ActivitySource.StartActivity($"due work {leased.Kind}");
        activity?.SetTag("alliance.due_work.kind", leased.Kind);
        activity?.SetTag("alliance.due_work.attempt", leased.Attempts + 1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var handler = scope.ServiceProvider.GetServices<IDueWorkHandler>().FirstOrDefault(h => h.Kind == leased.Kind);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (handler is null)
            {
                throw new Faults.PermanentMessageException($"No handler is registered for due work of kind '{leased.Kind}'.");
            }

            await handler.HandleAsync(leased, ct);
            // Removed only now, so the transaction holds no lock on it while the handler ran; and before
            // the handler's changes are saved, which may schedule the next item of the same kind and key.
            if (await db.Set<DueWorkItem>().Where(d => d.Id == leased.Id && d.DueAt == leased.DueAt).ExecuteDeleteAsync(ct) == 0)
            {
                // Rescheduled (or cancelled) while the handler ran: the new schedule stands, this run does not.
                await transaction.RollbackAsync(ct);
                return true;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            metrics.DueWorkHandled.Add(1, new KeyValuePair<string, object?>("kind", leased.Kind));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await transaction.RollbackAsync(ct);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            metrics.HandlerFailures.Add(1, new KeyValuePair<string, object?>("due_work", leased.Kind));
            var permanent = Faults.TransientFaults.IsPermanent(ex);
            if (permanent)
            {
                logger.LogError(ex, "Due work {Kind} for {Key} cannot succeed; it is parked for an operator", leased.Kind, leased.Key);
            }
            else
            {
                logger.LogWarning(ex, "Due work {Kind} for {Key} failed (attempt {Attempt}); it will be retried", leased.Kind, leased.Key, leased.Attempts + 1);
            }

            await PostponeAsync(leased, ex, permanent, ct);
        }

        return true;
    }

    /// <summary>Takes the next due item and moves its time to the end of a lease; returns it as leased.</summary>
    private async Task<DueWorkItem?> LeaseOneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var items = await db.Set<DueWorkItem>()
            .FromSql($"SELECT * FROM due_work WHERE due_at <= {now} AND parked_at IS NULL ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (items is not [var item])
        {
            return null;
        }

        item.DueAt = now + options.Value.DueWorkLease;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return item;
    }

    private async Task PostponeAsync(DueWorkItem leased, Exception failure, bool park, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow();
        // Gone, or rescheduled while the handler ran: the new schedule stands.
        var item = await db.Set<DueWorkItem>().FirstOrDefaultAsync(d => d.Id == leased.Id && d.DueAt == leased.DueAt, ct);
        if (item is null)
        {
            return;
        }

        item.Attempts++;
        item.LastError = failure.GetBaseException().Message;
        item.DueAt = now + MessagingOptions.Backoff(item.Attempts, options.Value.DueWorkMaxBackoff);
        if (park)
        {
            item.ParkedAt = now;
            metrics.DueWorkParked.Add(1, new KeyValuePair<string, object?>("kind", item.Kind));
        }

        await db.SaveChangesAsync(ct);
    }
}
