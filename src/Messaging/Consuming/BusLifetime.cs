using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliance.Messaging.Consuming;

/// <summary>
/// Starts the bus (in place of MassTransit's own hosted service) once the <see cref="ConsumerGate"/>
/// has opened, that is after the service's migrations: its receive endpoints then start already
/// allowed to consume, instead of starting before the tables they write exist and being stopped at
/// once. A start that faults (MassTransit then stops the bus) is tried again with back-off; one that
/// waits for an absent broker completes when it answers. Stops it as MassTransit's hosted
/// service would, within <c>MassTransitHostOptions.StopTimeout</c>.
/// </summary>
internal sealed class BusLifetime(
    IBusDepot depot, ConsumerGate gate, IOptions<MassTransitHostOptions> options, TimeProvider time, ILogger<BusLifetime> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task starting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        starting = StartWhenOpenAsync(stopping.Token);
        return options.Value.WaitUntilStarted ? starting.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        // A start cancelled half-way can wait for good inside MassTransit (it awaits the endpoints'
        // readiness after stopping them): give it the stop timeout at most, then stop regardless.
        // The host's own shutdown timeout (the token) bounds it too.
        await Task.WhenAny(starting, Task.Delay(options.Value.StopTimeout ?? TimeSpan.FromSeconds(30), cancellationToken));

        await gate.ShutDownAsync();
        try
        {
            await (options.Value.StopTimeout is { } timeout ? depot.Stop(timeout, cancellationToken) : depot.Stop(cancellationToken));
        }
        catch (Exception ex)
        {
            // The process is going anyway; a message in flight goes back to its queue.
            logger.LogWarning(ex, "The bus did not stop cleanly");
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task StartWhenOpenAsync(CancellationToken ct)
    {
        await gate.WaitOpenAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await (options.Value.StartTimeout is { } timeout ? depot.Start(timeout, ct) : depot.Start(ct));
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The bus did not start (attempt {Attempt}); the broker may be away. Trying again", attempt);
                await Task.Delay(MessagingOptions.Backoff(attempt, TimeSpan.FromSeconds(30)), time, ct);
            }
        }
    }
}
