namespace Alliance.Messaging;

/// <summary>Tuning of the outbox, inbox and due work; configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    /// <summary>
    /// The nodes of a RabbitMQ cluster, each a host or <c>host:port</c> (<c>Messaging:Nodes:0</c> =
    /// <c>rabbitmq-1</c>, ...), used with the credentials and virtual host of <c>ConnectionStrings:rabbitmq</c>.
    /// Empty: the one broker of that connection string.
    /// </summary>
    public string[] Nodes { get; set; } = [];

    /// <summary>
    /// What receive endpoints are named after; the service's name unless set. Tests give each
    /// instance its own, so instances on different databases do not compete for one queue.
    /// </summary>
    public string? QueuePrefix { get; set; }

    /// <summary>
    /// <c>classic</c> or <c>quorum</c> consumer queues; unset, quorum in Production and classic elsewhere
    /// (development, tests). RabbitMQ cannot change an existing queue's type (docs/messaging.md).
    /// </summary>
    public string? QueueType { get; set; }

    /// <summary>A quorum queue's <c>x-delivery-limit</c>: deliveries of one message before it is dropped.</summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>How often the dispatcher looks for rows when nothing woke it (a crashed instance's rows).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows taken per round.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan OutboxPublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts after which a row the broker refuses (no queue takes it) is parked. A transient failure
    /// (the broker away) never parks a row; one that can never be sent parks at once.
    /// </summary>
    public int OutboxMaxAttempts { get; set; } = 10;

    /// <summary>The longest wait between two attempts to publish an outbox row.</summary>
    public TimeSpan OutboxMaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a sweeper holds due work it took before another may take it again: longer than any
    /// handler runs (their calls to other services have deadlines of seconds).
    /// </summary>
    public TimeSpan DueWorkLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest wait before due work that failed transiently is tried again.</summary>
    public TimeSpan DueWorkMaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long sent rows are kept before they are deleted.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long handled message ids are kept in the inbox; longer than any redelivery.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the sweeper looks for due work.</summary>
    public TimeSpan DueWorkPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages each receive endpoint takes from the broker at once, and so handles concurrently.</summary>
    public int PrefetchCount { get; set; } = 16;

    /// <summary>
    /// How long a consumer's transient fault (the database, a neighbour or the broker away, a timeout) is
    /// retried before the message goes to <c>_error</c>. A permanent fault goes there at once.
    /// </summary>
    public TimeSpan TransientRetryWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest wait between two retries of a consumer's transient fault.</summary>
    public TimeSpan TransientRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a service whose database went away asks whether it answers again.</summary>
    public TimeSpan DatabaseProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a stopping receive endpoint lets its consumers finish before it cancels them; a
    /// cancelled message goes back to its queue.
    /// </summary>
    public TimeSpan ConsumerStopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The retry intervals of a consumer's transient fault: from 200 ms, doubling up to
    /// <see cref="TransientRetryMaxInterval"/>, until together they cover <see cref="TransientRetryWindow"/>.
    /// </summary>
    public TimeSpan[] TransientRetryIntervals()
    {
        var intervals = new List<TimeSpan>();
        var next = TimeSpan.FromMilliseconds(200);
        var total = TimeSpan.Zero;
        while (total < TransientRetryWindow)
        {
            var interval = next < TransientRetryMaxInterval ? next : TransientRetryMaxInterval;
            intervals.Add(interval);
            total += interval;
            next = interval * 2;
        }

        return [.. intervals];
    }

    /// <summary>Back-off before attempt <paramref name="attempts"/> + 1: 1 s doubling, at most <paramref name="cap"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan cap) =>
        TimeSpan.FromSeconds(Math.Min(cap.TotalSeconds, Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)))));
}
