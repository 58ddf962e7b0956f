using System.Net;
using System.Net.Sockets;

namespace Alliance.Testing;

/// <summary>
/// A loopback port that accepts connections and never answers: a dependency that hangs, so a test
/// can show that a caller gives up at its deadline instead of waiting forever.
/// </summary>
public sealed class Blackhole : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> held = [];
    private readonly CancellationTokenSource stop = new();

    public Blackhole()
    {
        listener.Start();
        _ = HoldAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held)
        {
            held.ForEach(s => s.Dispose());
        }

        stop.Dispose();
    }

    private async Task HoldAsync()
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop.Token);
                lock (held)
                {
                    held.Add(socket);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
