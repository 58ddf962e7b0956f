using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alliance.Messaging.Consuming;

/// <summary>
/// Starts the bus (in place of MassTransit's own hosted service) once the <see cref="ConsumerGate"/>
/// has opened, that is after the service's migrations: its receive endpoints then start already
/// allowed to consume, instead of starting before the tables they write exist and being stopped at
/// once. Stops it as MassTransit's hosted service would, within <c>MassTransitHostOptions.StopTimeout</c>.
/// </summary>
internal sealed class BusLifetime(IBusDepot depot, ConsumerGate gate, IOptions<MassTransitHostOptions> options) : IHostedService, IDisposable
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
        try
        {
            await starting;
        }
        catch (OperationCanceledException)
        {
            // Stopped before it started.
        }

        await (options.Value.StopTimeout is { } timeout ? depot.Stop(timeout, cancellationToken) : depot.Stop(cancellationToken));
    }

    public void Dispose() => stopping.Dispose();

    private async Task StartWhenOpenAsync(CancellationToken ct)
    {
        await gate.WaitOpenAsync(ct);
        await (options.Value.StartTimeout is { } timeout ? depot.Start(timeout, ct) : depot.Start(ct));
    }
}
