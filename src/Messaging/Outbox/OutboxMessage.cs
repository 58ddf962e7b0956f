namespace Alliance.Messaging.Outbox;

/// <summary>
/// An event waiting to be published, committed in the same transaction as the change it reports.
/// Its id is the event's id and becomes the MessageId on the broker.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The event's CLR type (full name), resolved among the Contracts types when sent.</summary>
    public string MessageType { get; set; } = "";

    public string Body { get; set; } = "";

    /// <summary>The W3C traceparent of the activity that wrote it, so the trace crosses the broker.</summary>
    public string? TraceParent { get; set; }

    public Guid? CorrelationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when the row failed too often to try again by itself; an admin may replay it.</summary>
    public DateTimeOffset? ParkedAt { get; set; }

    public string? LastError { get; set; }
}
