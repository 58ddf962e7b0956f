namespace Alliance.Messaging.Faults;

/// <summary>
/// Thrown by a rule when a message can never succeed, however often it is tried (it names something
/// that cannot exist, say): the message goes to its endpoint's <c>_error</c> queue at once, with this
/// reason in its fault headers, instead of being retried for the transient window.
/// </summary>
public sealed class PermanentMessageException : Exception
{
    public PermanentMessageException()
    {
    }

    public PermanentMessageException(string message)
        : base(message)
    {
    }

    public PermanentMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
