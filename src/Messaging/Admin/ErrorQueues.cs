using RabbitMQ.Client;

namespace Alliance.Messaging;

/// <summary>
/// Moves messages that failed every retry from a receive endpoint's <c>_error</c> queue back to the
/// endpoint, once the fault is fixed. MassTransit binds an exchange of the queue's name to each
/// receive queue, so replaying is publishing there again, without the fault headers.
/// </summary>
public sealed class ErrorQueues(Broker broker, string queuePrefix, Consuming.ConsumerGate gate) : IDisposable
{
    public const int MaxPerReplay = 1000;
    private readonly SemaphoreSlim depthLock = new(1, 1);
    private (DateTimeOffset At, long? Depth) lastDepth = (DateTimeOffset.MinValue, null);

    /// <summary>The service's own receive queues (that have started), each with an error queue maybe.</summary>
    public IReadOnlyList<string> OwnQueues => gate.QueueNames;

    /// <summary>
    /// Messages in all of the service's error queues, asked at most once per <paramref name="interval"/>;
    /// null when the broker does not answer.
    /// </summary>
    public async Task<long?> TotalDepthAsync(TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        await depthLock.WaitAsync(ct);
        try
        {
            if (time.GetUtcNow() - lastDepth.At < interval)
            {
                return lastDepth.Depth;
            }

            long? total;
            try
            {
                total = 0;
                foreach (var queue in OwnQueues)
                {
                    total += await CountAsync(queue, ct) ?? 0;
                }
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or OperationCanceledException or IOException or TimeoutException)
            {
                total = null;
            }

            lastDepth = (time.GetUtcNow(), total);
            return total;
        }
        finally
        {
            depthLock.Release();
        }
    }

    /// <summary>Only this service's own endpoints (<c>volunteers-...</c>) may be replayed through it.</summary>
    public bool IsOwnQueue(string queue) =>
        queue.StartsWith(queuePrefix + "-", StringComparison.Ordinal) && !queue.EndsWith("_error", StringComparison.Ordinal);

    /// <summary>Messages waiting in the endpoint's error queue, or null when it has none.</summary>
    public async Task<uint?> CountAsync(string queue, CancellationToken ct)
    {
        await using var connection = await Connect(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue + "_error", ct);
            return declared.MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> messages back; returns how many it moved.</summary>
    public async Task<int> ReplayAsync(string queue, int max, CancellationToken ct)
    {
        await using var connection = await Connect(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var moved = 0;
        while (moved < Math.Min(max, MaxPerReplay))
        {
            var message = await channel.BasicGetAsync(queue + "_error", autoAck: false, ct);
            if (message is null)
            {
                break;
            }

            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is not null)
            {
                foreach (var key in properties.Headers.Keys.Where(IsFaultHeader).ToList())
                {
                    properties.Headers.Remove(key);
                }
            }

            await channel.BasicPublishAsync(queue, "", mandatory: false, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }

        return moved;
    }

    private static bool IsFaultHeader(string key) =>
        key.StartsWith("MT-Fault", StringComparison.Ordinal) || key.StartsWith("MT-Host", StringComparison.Ordinal) || key == "MT-Reason";

    private Task<IConnection> Connect(CancellationToken ct) => broker.ConnectAsync($"{queuePrefix}-error-replay", ct);

    public void Dispose() => depthLock.Dispose();
}
