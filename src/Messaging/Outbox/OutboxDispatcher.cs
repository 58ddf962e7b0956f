using System.Diagnostics;
using System.Text.Json;
using Alliance.Messaging.Faults;
using Alliance.Messaging.Topology;
using Alliance.ServiceDefaults.Database;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliance.Messaging.Outbox;

/// <summary>
/// Sends committed outbox rows to the broker. Rows are taken with <c>FOR UPDATE SKIP LOCKED</c>, so
/// instances never send the same row at once; a row is marked sent only after the broker confirms,
/// so a crash in between sends it again (consumers' inboxes make that harmless).
/// </summary>
internal sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    TopologyDeclaration topology,
    OutboxSignal signal,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher<TContext>> logger,
    DatabaseReadiness? readiness = null) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BacklogObservationInterval = TimeSpan.FromSeconds(1);
    private readonly MessagingOptions settings = options.Value;
    private readonly OutageLog outage = new(logger, "Outbox dispatch");
    private DateTimeOffset nextCleanup;
    private DateTimeOffset nextBacklogObservation;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its tables come with the service's migrations: no point asking for them before.
        while (readiness is { IsReady: false })
        {
            await Task.Delay(200, stoppingToken);
        }

        // Nor before every consumer's queue exists: a mandatory publish to an event no queue takes yet fails.
        await topology.WaitDeclaredAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == settings.OutboxBatchSize)
                {
                    // A full batch: there may be more right away.
                }

                await CleanupIfDueAsync(stoppingToken);
                outage.Succeeded();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database went away; the next round tries again.
                outage.Failed(ex);
            }

            try
            {
                await signal.WaitAsync(settings.OutboxPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends one batch of due rows; returns how many it took.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var rows = await db.Set<OutboxMessage>()
            .FromSql($"""
                SELECT * FROM outbox
                WHERE sent_at IS NULL AND parked_at IS NULL AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {settings.OutboxBatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);

        var failures = await Task.WhenAll(rows.Select(row => PublishAsync(row, ct)));
        now = time.GetUtcNow();
        var sent = new List<Guid>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (failures[i] is null)
            {
                sent.Add(rows[i].Id);
            }
            else
            {
                RecordFailure(rows[i], failures[i]!, now);
            }
        }

        if (rows.Count > 0)
        {
            // What this round writes is safe to lose in a crash of the database: a row whose "sent" was
            // lost is sent again, and consumers' inboxes drop the copy. So the round does not wait for
            // its commit to reach the disk, and an event committed meanwhile waits that much less for
            // the next round (docs/messaging.md, "Latency").
            await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off", ct);
        }

        // One statement for the sent rows; change tracking only for the few that failed.
        await db.Set<OutboxMessage>().Where(m => sent.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        metrics.Published.Add(sent.Count);
        await ObserveBacklogIfDueAsync(db, now, ct);
        return rows.Count;
    }

    private async Task<Exception?> PublishAsync(OutboxMessage row, CancellationToken ct)
    {
        // Continue the trace of the request that wrote the row; MassTransit's send span is its child.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id);
        try
        {
            var type = MessageTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, MessageTypes.Json)
                ?? throw new PermanentMessageException($"Outbox row {row.Id} has an empty body.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.OutboxPublishTimeout);
            await bus.Publish(message, type, context =>
            {
                context.MessageId = row.Id;
                context.CorrelationId = row.CorrelationId;
                // "Sent" means it reached its queues: an event some consumer takes is returned by the
                // broker when no queue is bound to it, and so is not marked sent.
                context.Mandatory = topology.IsConsumed(type);
                if (row.TraceParent is not null)
                {
                    context.Headers.Set("traceparent", row.TraceParent);
                }
            }, timeout.Token);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return ex;
        }
    }

    /// <summary>
    /// A transient failure (the broker away, a timeout) is tried again, with back-off of at most a
    /// minute, for as long as it takes. A row that can never be sent (its type or body unreadable) is
    /// parked at once; one the broker refuses (no queue takes it) after <see cref="MessagingOptions.OutboxMaxAttempts"/>.
    /// </summary>
    private void RecordFailure(OutboxMessage row, Exception failure, DateTimeOffset now)
    {
        row.Attempts++;
        row.LastError = failure.GetBaseException().Message;
        row.NextAttemptAt = now + MessagingOptions.Backoff(row.Attempts, settings.OutboxMaxBackoff);
        metrics.PublishFailures.Add(1);
        var refused = failure is MessageReturnedException || failure.GetBaseException() is MessageReturnedException;
        if (TransientFaults.IsPermanent(failure) || (refused && row.Attempts >= settings.OutboxMaxAttempts))
        {
            row.ParkedAt = now;
            metrics.Parked.Add(1);
            logger.LogError("Outbox message {MessageId} ({MessageType}) parked after {Attempts} attempts: {Error}",
                row.Id, row.MessageType, row.Attempts, row.LastError);
        }
    }

    /// <summary>Refreshes the backlog gauges at most once a second: off the hot path.</summary>
    private async Task ObserveBacklogIfDueAsync(TContext db, DateTimeOffset now, CancellationToken ct)
    {
        if (now < nextBacklogObservation)
        {
            return;
        }

        nextBacklogObservation = now + BacklogObservationInterval;
        var backlog = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null && m.ParkedAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), Oldest = g.Min(m => m.CreatedAt) })
            .FirstOrDefaultAsync(ct);
        metrics.ObserveBacklog(backlog?.Count ?? 0, backlog is null ? TimeSpan.Zero : now - backlog.Oldest);
    }

    private async Task CleanupIfDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now < nextCleanup)
        {
            return;
        }

        nextCleanup = now + CleanupInterval;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sentBefore = now - settings.OutboxRetention;
        var handledBefore = now - settings.InboxRetention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt < sentBefore).ExecuteDeleteAsync(ct);
        await db.Set<Inbox.InboxEntry>().Where(e => e.HandledAt < handledBefore).ExecuteDeleteAsync(ct);
    }
}
