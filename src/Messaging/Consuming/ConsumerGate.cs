using MassTransit;
using Microsoft.Extensions.Logging;

namespace Alliance.Messaging.Consuming;

/// <summary>
/// Whether the service's consumers take messages. Closed until the service's migrations are applied,
/// and again while its own database is away: then every receive endpoint is stopped, so messages
/// wait in their queues (one in the middle of its retries goes back to its queue), not in memory and
/// never in <c>_error</c>; when the database answers again the endpoints start.
/// </summary>
public sealed class ConsumerGate(ILogger<ConsumerGate> logger) : IReceiveEndpointObserver, IDisposable
{
    private readonly HashSet<IReceiveEndpoint> running = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IReceiveEndpoint> stopped = new(ReferenceEqualityComparer.Instance);
    private readonly SemaphoreSlim transition = new(1, 1);
    private readonly Lock sync = new();
    private readonly SortedSet<string> queues = new(StringComparer.Ordinal);
    private TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource faultReported = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool isOpen;
    private bool shuttingDown;

    public bool IsOpen => isOpen;

    /// <summary>The queues of the service's receive endpoints that have started at least once.</summary>
    public IReadOnlyList<string> QueueNames
    {
        get
        {
            lock (sync)
            {
                return [.. queues];
            }
        }
    }

    /// <summary>Completes when consumers may take messages.</summary>
    public Task WaitOpenAsync(CancellationToken ct)
    {
        lock (sync)
        {
            return opened.Task.WaitAsync(ct);
        }
    }

    /// <summary>A consumer saw the database away: the watcher checks it, and closes the gate if so.</summary>
    public void ReportDatabaseFault()
    {
        lock (sync)
        {
            faultReported.TrySetResult();
        }
    }

    internal Task WaitForFaultAsync(CancellationToken ct)
    {
        lock (sync)
        {
            return faultReported.Task.WaitAsync(ct);
        }
    }

    /// <summary>The reported fault was checked (the database answers): listen for the next one.</summary>
    internal void ClearFault()
    {
        lock (sync)
        {
            if (faultReported.Task.IsCompleted)
            {
                faultReported = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// The bus is about to stop: waits for a transition under way and makes no more, so no endpoint is
    /// stopped or started by the gate while the bus stops them all.
    /// </summary>
    internal async Task ShutDownAsync()
    {
        try
        {
            await transition.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            // The host disposed its services while this stop was still under way (a test fixture's
            // host once did): the gate is gone, so there is no transition left to hold back.
            return;
        }

        shuttingDown = true;
        transition.Release();
    }

    internal async Task OpenAsync(CancellationToken ct)
    {
        await transition.WaitAsync(ct);
        try
        {
            if (isOpen || shuttingDown)
            {
                return;
            }

            var starting = stopped.ToList();
            foreach (var endpoint in starting)
            {
                await endpoint.Start(ct).Ready;
                stopped.Remove(endpoint);
                running.Add(endpoint);
            }

            lock (sync)
            {
                isOpen = true;
                opened.TrySetResult();
            }

            ClearFault();

            logger.LogInformation("Consumers take messages ({Endpoints} endpoints started)", starting.Count);
        }
        finally
        {
            transition.Release();
        }
    }

    internal async Task CloseAsync(CancellationToken ct)
    {
        await transition.WaitAsync(ct);
        try
        {
            if (!isOpen || shuttingDown)
            {
                return;
            }

            lock (sync)
            {
                isOpen = false;
                opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            logger.LogWarning("The service's database is away: {Endpoints} receive endpoints stop, and their messages wait in their queues", running.Count);
            await StopRunningAsync(ct);
        }
        finally
        {
            transition.Release();
        }
    }

    private async Task StopRunningAsync(CancellationToken ct)
    {
        foreach (var endpoint in running.ToList())
        {
            await endpoint.Stop(ct);
            running.Remove(endpoint);
            stopped.Add(endpoint);
        }
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        lock (sync)
        {
            queues.Add(ready.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]);
        }

        // Started by the bus before the database was ready (or while it is away): stop it until then.
        // Not inline: the endpoint is still completing its start when it reports ready.
        _ = Task.Run(async () =>
        {
            await transition.WaitAsync();
            try
            {
                if (shuttingDown)
                {
                    return;
                }

                if (!stopped.Contains(ready.ReceiveEndpoint))
                {
                    running.Add(ready.ReceiveEndpoint);
                }

                if (!isOpen)
                {
                    await StopRunningAsync(CancellationToken.None);
                }
            }
            finally
            {
                transition.Release();
            }
        });
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public void Dispose() => transition.Dispose();
}
