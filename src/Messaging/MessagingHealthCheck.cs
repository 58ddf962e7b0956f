using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliance.Messaging;

/// <summary>
/// Degraded while anything waits for an operator: a parked outbox row, parked due work, or a message
/// in one of the service's <c>_error</c> queues. The service still serves (ready stays its database's
/// question); the dashboard shows it, and the counts are gauges too.
/// </summary>
internal sealed class MessagingHealthCheck<TContext>(TContext db, ErrorQueues errorQueues, MessagingMetrics metrics, TimeProvider time) : IHealthCheck
    where TContext : DbContext
{
    /// <summary>Error queues are asked over a connection of their own: at most this often.</summary>
    private static readonly TimeSpan ErrorQueueInterval = TimeSpan.FromSeconds(15);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var parkedRows = await db.Set<OutboxMessage>().LongCountAsync(m => m.ParkedAt != null, cancellationToken);
        var parkedWork = await db.Set<DueWorkItem>().LongCountAsync(d => d.ParkedAt != null, cancellationToken);
        var errors = await errorQueues.TotalDepthAsync(ErrorQueueInterval, time, cancellationToken);
        metrics.ObserveWaiting(parkedRows, parkedWork, errors ?? 0);
        var data = new Dictionary<string, object>
        {
            ["parkedOutboxRows"] = parkedRows,
            ["parkedDueWork"] = parkedWork,
            ["errorQueueMessages"] = errors ?? -1,
        };
        if (parkedRows + parkedWork + (errors ?? 0) == 0)
        {
            return HealthCheckResult.Healthy(errors is null ? "Nothing parked (the error queues were not reachable)." : "Nothing parked.", data);
        }

        return HealthCheckResult.Degraded(
            $"Waiting for an operator: {parkedRows} parked outbox rows, {parkedWork} parked due work, {errors ?? 0} messages in _error queues (see /<service>/admin/messaging).",
            data: data);
    }
}
