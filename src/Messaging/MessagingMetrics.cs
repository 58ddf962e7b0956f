using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Alliance.Messaging;

/// <summary>
/// The building block's telemetry, on the meter and activity source <c>Alliance.Messaging</c>, which
/// ServiceDefaults exports (so they show on the Aspire dashboard).
/// </summary>
public sealed class MessagingMetrics
{
    public const string Name = "Alliance.Messaging";

    internal static readonly ActivitySource ActivitySource = new(Name);

    private long backlog;
    private double oldestPendingSeconds;
    private long parkedOutboxRows;
    private long parkedDueWork;
    private long errorQueueMessages;

    public MessagingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        Published = meter.CreateCounter<long>("alliance.outbox.published", description: "Outbox rows the broker confirmed.");
        PublishFailures = meter.CreateCounter<long>("alliance.outbox.publish_failures", description: "Failed attempts to publish an outbox row.");
        Parked = meter.CreateCounter<long>("alliance.outbox.parked", description: "Outbox rows parked after too many failures.");
        DuplicatesSuppressed = meter.CreateCounter<long>("alliance.inbox.duplicates_suppressed", description: "Redeliveries the inbox acknowledged without effect.");
        HandlerFailures = meter.CreateCounter<long>("alliance.handler.failures", description: "Consumer and due-work handler failures.");
        DueWorkHandled = meter.CreateCounter<long>("alliance.due_work.handled", description: "Due work items handled.");
        DueWorkParked = meter.CreateCounter<long>("alliance.due_work.parked", description: "Due work items parked after a failure retrying cannot fix.");
        meter.CreateObservableGauge("alliance.outbox.backlog", () => Interlocked.Read(ref backlog), description: "Outbox rows not yet sent.");
        meter.CreateObservableGauge("alliance.outbox.parked_rows", () => Interlocked.Read(ref parkedOutboxRows), description: "Outbox rows parked, waiting for an operator.");
        meter.CreateObservableGauge("alliance.due_work.parked_items", () => Interlocked.Read(ref parkedDueWork), description: "Due work parked, waiting for an operator.");
        meter.CreateObservableGauge("alliance.error_queue.messages", () => Interlocked.Read(ref errorQueueMessages), description: "Messages in the service's _error queues.");
        meter.CreateObservableGauge("alliance.outbox.oldest_pending_age", () => Volatile.Read(ref oldestPendingSeconds), unit: "s",
            description: "Age of the oldest outbox row not yet sent.");
    }

    public Counter<long> Published { get; }

    public Counter<long> PublishFailures { get; }

    public Counter<long> Parked { get; }

    public Counter<long> DuplicatesSuppressed { get; }

    public Counter<long> HandlerFailures { get; }

    public Counter<long> DueWorkHandled { get; }

    public Counter<long> DueWorkParked { get; }

    internal void ObserveWaiting(long parkedRows, long parkedWork, long errorMessages)
    {
        Interlocked.Exchange(ref parkedOutboxRows, parkedRows);
        Interlocked.Exchange(ref parkedDueWork, parkedWork);
        Interlocked.Exchange(ref errorQueueMessages, errorMessages);
    }

    internal void ObserveBacklog(long pending, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref backlog, pending);
        Volatile.Write(ref oldestPendingSeconds, oldestAge.TotalSeconds);
    }
}
