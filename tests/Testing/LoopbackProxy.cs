using System.Net;
using System.Net.Sockets;

namespace Alliance.Testing;

/// <summary>
/// A TCP proxy on a loopback port in front of a shared container, so an outage test can cut a
/// service off its database or broker, and restore it, without stopping what other tests use.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly int targetPort;
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private CancellationTokenSource cut = new();

    public LoopbackProxy(int targetPort)
    {
        this.targetPort = targetPort;
        Port = FreePort.Next();
        Restore();
    }

    public int Port { get; }

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        cut.Cancel();
        listener?.Stop();
        listener = null;
        lock (connections)
        {
            connections.ForEach(c => c.Dispose());
            connections.Clear();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        cut = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, cut.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        cut.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, targetPort, token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (connections)
            {
                connections.Add(inbound);
                connections.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound, token);
            _ = PumpAsync(outbound, inbound, token);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken token)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The other side or Cut() closed it.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
