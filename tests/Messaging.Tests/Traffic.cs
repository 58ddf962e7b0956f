using System.Collections.Concurrent;
using Alliance.Testing;
using MassTransit;

namespace Alliance.Messaging.Tests;

/// <summary>
/// What a host's bus published and consumed, counted by message id as it happens. A consumed
/// delivery is one the host has finished with (its effect, or the inbox's "already handled"; a
/// delivery that failed is not one), so once a host has consumed every copy that reached the broker,
/// a test counts effects at once instead of waiting a while "so extras show".
/// </summary>
internal sealed class Traffic : IPublishObserver, IConsumeObserver, IDisposable
{
    private readonly ConcurrentDictionary<Guid, int> published = new();
    private readonly ConcurrentDictionary<Guid, int> consumed = new();
    private readonly ConnectHandle publishing;
    private readonly ConnectHandle consuming;

    private Traffic(IBus bus)
    {
        publishing = bus.ConnectPublishObserver(this);
        consuming = bus.ConnectConsumeObserver(this);
    }

    /// <summary>Starts counting on the host's bus: before anything the test counts is published.</summary>
    public static Traffic Of(MessagingHost<TestDb> host) => new(host.Get<IBus>());

    /// <summary>Copies of the message this host's bus has published (the broker confirmed each before its outbox row is marked sent).</summary>
    public int Published(Guid messageId) => published.GetValueOrDefault(messageId);

    public int Consumed(Guid messageId) => consumed.GetValueOrDefault(messageId);

    /// <summary>Waits until the host has finished with <paramref name="deliveries"/> deliveries of the message.</summary>
    public Task ConsumedAsync(Guid messageId, int deliveries) =>
        Eventually.TrueAsync(() => Task.FromResult(Consumed(messageId) >= deliveries), $"{deliveries} consumed deliveries of {messageId}");

    public void Dispose()
    {
        publishing.Disconnect();
        consuming.Disconnect();
    }

    Task IPublishObserver.PrePublish<T>(PublishContext<T> context) => Task.CompletedTask;

    Task IPublishObserver.PostPublish<T>(PublishContext<T> context) => Count(published, context.MessageId);

    Task IPublishObserver.PublishFault<T>(PublishContext<T> context, Exception exception) => Task.CompletedTask;

    Task IConsumeObserver.PreConsume<T>(ConsumeContext<T> context) => Task.CompletedTask;

    Task IConsumeObserver.PostConsume<T>(ConsumeContext<T> context) => Count(consumed, context.MessageId);

    Task IConsumeObserver.ConsumeFault<T>(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;

    private static Task Count(ConcurrentDictionary<Guid, int> counts, Guid? messageId)
    {
        if (messageId is { } id)
        {
            counts.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }
}
