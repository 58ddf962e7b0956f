namespace Alliance.ServiceDefaults.Database;

/// <summary>Configuration section <c>Database</c>: who applies a service's migrations, and how long <c>--migrate-only</c> waits for its database.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// True (development, tests): the service applies its migrations at start. False (a cluster): it only
    /// waits until someone else (<c>--migrate-only</c>) has applied every migration it knows, so no replica migrates.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>How long <c>--migrate-only</c> retries while the database does not answer before it gives up with exit code 1.</summary>
    public TimeSpan MigrateOnlyTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
