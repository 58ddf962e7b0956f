using System.Collections.Concurrent;
using Alliance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Testing;

/// <summary>
/// Counts, by message id, the deliveries a service has finished consuming: its effect, or the inbox's
/// "already handled" (a delivery that failed is not one). <see cref="ServiceApp{TEntryPoint}.HandledAsync"/>
/// says a message was handled; this says every redelivered copy has been dealt with too, so "done
/// once, the duplicates turned away" is checked at once, not after a pause.
/// </summary>
public sealed class Deliveries : IConsumeObserver, IDisposable
{
    private readonly ConcurrentDictionary<Guid, int> consumed = new();
    private readonly ConnectHandle handle;

    /// <summary>Starts counting on the service's bus (its host's services): before the test publishes.</summary>
    public Deliveries(IServiceProvider services) => handle = services.GetRequiredService<IBus>().ConnectConsumeObserver(this);

    /// <summary>Waits until the service has finished with <paramref name="copies"/> deliveries of the event.</summary>
    public Task ConsumedAsync(Guid eventId, int copies) =>
        Eventually.TrueAsync(() => Task.FromResult(consumed.GetValueOrDefault(eventId) >= copies), $"{copies} consumed deliveries of {eventId}");

    public void Dispose() => handle.Disconnect();

    Task IConsumeObserver.PreConsume<T>(ConsumeContext<T> context) => Task.CompletedTask;

    Task IConsumeObserver.PostConsume<T>(ConsumeContext<T> context)
    {
        if (context.MessageId is { } id)
        {
            consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }

    Task IConsumeObserver.ConsumeFault<T>(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;
}
