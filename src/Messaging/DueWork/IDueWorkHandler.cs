namespace Alliance.Messaging.DueWork;

/// <summary>
/// Runs one kind of due work. It runs inside the sweeper's transaction on the service's scoped
/// DbContext, and the row is deleted in that same transaction, so its effect and the row's removal
/// commit together. It must be idempotent: a crash before the commit runs it again.
/// </summary>
public interface IDueWorkHandler
{
    string Kind { get; }

    Task HandleAsync(DueWorkItem item, CancellationToken ct);
}
