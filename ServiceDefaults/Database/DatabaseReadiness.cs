namespace Alliance.ServiceDefaults.Database;

/// <summary>Whether the service's migrations have been applied since it started.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool ready;

    public bool IsReady => ready;

    public string? LastError { get; private set; }

    internal void MarkReady()
    {
        ready = true;
        LastError = null;
    }

    internal void MarkFailed(string error) => LastError = error;
}
