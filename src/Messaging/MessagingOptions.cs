namespace Alliance.Messaging;

/// <summary>Tuning of the outbox, inbox and due work; configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    /// <summary>
    /// What receive endpoints are named after; the service's name unless set. Tests give each
    /// instance its own, so instances on different databases do not compete for one queue.
    /// </summary>
    public string? QueuePrefix { get; set; }

    /// <summary>How often the dispatcher looks for rows when nothing woke it (a crashed instance's rows).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows taken per round.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan OutboxPublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed attempts after which a row is parked.</summary>
    public int OutboxMaxAttempts { get; set; } = 10;

    /// <summary>How long sent rows are kept before they are deleted.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long handled message ids are kept in the inbox; longer than any redelivery.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the sweeper looks for due work.</summary>
    public TimeSpan DueWorkPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages each receive endpoint takes from the broker at once, and so handles concurrently.</summary>
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Retries of a failing consumer, in process, with exponential back-off.</summary>
    public int ConsumerRetryLimit { get; set; } = 5;

    /// <summary>Back-off before attempt <paramref name="attempts"/> + 1: 1 s doubling, at most 5 minutes.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Max(0, attempts - 1))));
}
