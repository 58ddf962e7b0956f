namespace Alliance.Messaging.Inbox;

/// <summary>A message a consumer has handled: its key makes a second delivery a no-op.</summary>
public sealed class InboxEntry
{
    public Guid MessageId { get; set; }

    public string Consumer { get; set; } = "";

    public DateTimeOffset HandledAt { get; set; }
}
