using System.Threading.Channels;

namespace Alliance.Messaging.Outbox;

/// <summary>Wakes the dispatcher at once when a commit added outbox rows, instead of waiting for its poll.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan poll, TimeProvider time, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(poll, time, linked.Token);
        var notified = channel.Reader.WaitToReadAsync(linked.Token).AsTask();
        await Task.WhenAny(delay, notified);
        await linked.CancelAsync();
        channel.Reader.TryRead(out _);
        ct.ThrowIfCancellationRequested();
    }
}
