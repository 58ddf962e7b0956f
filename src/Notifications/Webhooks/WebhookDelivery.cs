namespace Alliance.Notifications.Webhooks;

/// <summary>
/// One event for one subscription: the body it POSTs (fixed when the event came, so every attempt
/// sends the same bytes under the same delivery id), and the log of its attempts as the staff read it.
/// </summary>
internal sealed class WebhookDelivery
{
    public const int MaxErrorLength = 500;

    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    /// <summary>The integration event it tells of: one delivery per event and subscription.</summary>
    public Guid EventId { get; private set; }

    /// <summary>One of <see cref="WebhookEvents"/>.</summary>
    public string EventType { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public int Attempts { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>When it is tried next; null once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>When it was given up, after the last attempt of <see cref="WebhookSchedule"/>.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    public bool IsSettled => DeliveredAt is not null || FailedAt is not null;

    public static WebhookDelivery Make(Guid id, Guid subscriptionId, Guid eventId, string eventType, string body, DateTimeOffset now) => new()
    {
        Id = id,
        SubscriptionId = subscriptionId,
        EventId = eventId,
        EventType = eventType,
        Body = body,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    public void Delivered(int status, DateTimeOffset now)
    {
        Attempted(status, null, now);
        DeliveredAt = now;
        NextAttemptAt = null;
    }

    /// <summary>Records a failed attempt; returns when to try again, or null when it is given up.</summary>
    public DateTimeOffset? Failed(int? status, string error, DateTimeOffset now)
    {
        Attempted(status, error, now);
        NextAttemptAt = WebhookSchedule.After(Attempts) is { } wait ? now + wait : null;
        if (NextAttemptAt is null)
        {
            FailedAt = now;
        }

        return NextAttemptAt;
    }

    private void Attempted(int? status, string? error, DateTimeOffset now)
    {
        Attempts++;
        LastStatusCode = status;
        LastError = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        LastAttemptAt = now;
    }
}

/// <summary>Eight attempts over about a day: quick retries for a blip, then hours apart for an outage.</summary>
internal static class WebhookSchedule
{
    private static readonly TimeSpan[] Waits =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
        TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(12),
    ];

    public static int MaxAttempts => Waits.Length + 1;

    /// <summary>The wait after the given number of failed attempts; null after the last.</summary>
    public static TimeSpan? After(int attempts) => attempts >= 1 && attempts <= Waits.Length ? Waits[attempts - 1] : null;
}
