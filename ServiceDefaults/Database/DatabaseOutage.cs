using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseOutage
{
    /// <summary>True when the service's database went away (a transient Npgsql fault, a socket or a timeout), however EF wrapped it.</summary>
    public static bool IsDatabaseOutage(this Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        SocketException or TimeoutException => true,
        DbUpdateException or InvalidOperationException when exception.InnerException is not null => exception.InnerException.IsDatabaseOutage(),
        _ => false,
    };
}
