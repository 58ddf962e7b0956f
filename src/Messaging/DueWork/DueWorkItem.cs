namespace Alliance.Messaging.DueWork;

/// <summary>
/// "Do this at time T": a claim timeout, a reservation expiry, an automatic confirmation. A row, so
/// a restart forgets nothing; unique on (kind, key): one pending item per thing, so a second
/// schedule of the same thing fails its save; cancel the first to move it.
/// </summary>
public sealed class DueWorkItem
{
    public Guid Id { get; set; }

    /// <summary>Which handler runs it: <c>need-claim-timeout</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What it is about, usually the aggregate's id.</summary>
    public string Key { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    public string? Payload { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set when it failed in a way retrying cannot fix; it waits for an operator's replay.</summary>
    public DateTimeOffset? ParkedAt { get; set; }
}
