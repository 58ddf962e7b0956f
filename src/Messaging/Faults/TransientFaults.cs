using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Alliance.Messaging.Faults;

/// <summary>
/// Which failures are worth waiting out. Permanent: a message that cannot be read (JSON), an unknown
/// message type, or a rule's <see cref="PermanentMessageException"/>. Everything else is transient
/// (the database, a gRPC neighbour or the broker away, a timeout, and anything not known to be
/// permanent): retrying a permanent fault costs a little time, parking a transient one costs a person.
/// </summary>
public static class TransientFaults
{
    public static bool IsPermanent(Exception exception) => exception switch
    {
        PermanentMessageException or JsonException or NotSupportedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsPermanent),
        _ => exception.InnerException is { } inner && inner is PermanentMessageException or JsonException,
    };

    public static bool IsTransient(Exception exception) => !IsPermanent(exception);

    /// <summary>Whether the fault says the service's own database is away (so consumption should pause), not just that one call failed.</summary>
    public static bool IsDatabaseAway(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        DbUpdateException update => update.InnerException is { } inner && IsDatabaseAway(inner),
        InvalidOperationException { InnerException: { } inner } => IsDatabaseAway(inner),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsDatabaseAway),
        _ => false,
    };

    /// <summary>A neighbour over gRPC did not answer: worth waiting out, but no reason to pause.</summary>
    public static bool IsNeighbourAway(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded };
}
