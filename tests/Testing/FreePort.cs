using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Alliance.Testing;

/// <summary>
/// A loopback port that nothing listens on right now, below the kernel's ephemeral range. A port the
/// kernel hands out for port 0 comes from that range, from which it also hands ports to outgoing
/// connections and Docker to published ones: one found free there was taken before the test's host
/// bound it ("address already in use"). Below the range only listeners that chose their port compete.
/// </summary>
public static class FreePort
{
    private const int Span = 12_000;

    /// <summary>
    /// Every port handed out in this process: a host asks for two before it binds either, and hosts start
    /// side by side, so a port found free but not yet bound must not be handed out again.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Next()
    {
        var low = EphemeralLow();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Math.Max(1024, low - Span), low);
            if (HandedOut.Count > Span / 2)
            {
                // A long run: those handed out long ago are bound or gone by now.
                HandedOut.Clear();
            }

            if (!HandedOut.TryAdd(port, true))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another.
            }
        }

        throw new InvalidOperationException($"No free loopback port below {low} after 200 tries.");
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux's default where it cannot be read).</summary>
    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
