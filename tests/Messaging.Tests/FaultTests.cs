using System.Text;
using Alliance.Messaging.Consuming;
using Alliance.Messaging.Outbox;
using Alliance.Testing;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;
using Xunit;

namespace Alliance.Messaging.Tests;

/// <summary>Issue 22: a transient fault is waited out and never parks work; a permanent one goes to _error at once, with its reason.</summary>
public sealed class FaultTests(Containers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How long the database stays away: the outage the issue measured.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task ADatabaseCut_DuringConsumption_KeepsEveryMessageInItsQueue_AndEveryEffectFollowsItsReturn()
    {
        var database = await TestDatabases.CreateAsync(containers);
        await using var proxy = new LoopbackProxy(containers.PostgresPort);
        var viaProxy = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString;
        var service = MessagingHost.UniqueService("rcv");
        await using var consumer = await TestHosts.StartAsync(viaProxy, containers.RabbitMqConnectionString, service, bus => bus.AddConsumer<ThingConsumer>(),
            settings: new Dictionary<string, string?>
            {
                // Production's window: a message must not outlive its retries while the database is away.
                ["Messaging:TransientRetryWindow"] = "00:30:00",
                ["Messaging:ConsumerStopTimeout"] = "00:00:01",
                ["Messaging:DatabaseProbeInterval"] = "00:00:00.500",
            });
        var gate = consumer.Get<ConsumerGate>();
        await Eventually.TrueAsync(() => Task.FromResult(gate.IsOpen), "The consumers open");
        var errorQueues = consumer.Get<ErrorQueues>();
        var queue = $"{service}-thing";
        var things = Enumerable.Range(0, 4).Select(_ => ThingHappened.New(Guid.NewGuid())).ToList();

        // The events come from another service, whose bus the consumer's stopping endpoints cannot touch.
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("pub"));

        proxy.Cut();
        var cutAt = DateTime.UtcNow;
        foreach (var thing in things)
        {
            await publisher.Get<IBus>().Publish(thing, context => context.MessageId = thing.EventId, Ct);
        }

        // The first attempt finds the database away: consumption stops, the messages wait in the queue.
        await Eventually.TrueAsync(() => Task.FromResult(!gate.IsOpen), "The consumers stop");
        var left = Outage - (DateTime.UtcNow - cutAt);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, Ct);
        }

        Assert.False(gate.IsOpen);
        Assert.Equal(0u, await errorQueues.CountAsync(queue, Ct) ?? 0);
        proxy.Restore();

        foreach (var thing in things)
        {
            Assert.Equal(1, await Eventually.ReturnsAsync(() => consumer.CountAsync(thing.ThingId, nameof(ThingConsumer)), n => n >= 1,
                $"The effect of {thing.ThingId}", within: TimeSpan.FromSeconds(60)));
        }

        Assert.True(gate.IsOpen);
        Assert.Equal(0u, await errorQueues.CountAsync(queue, Ct) ?? 0);
    }

    [Fact]
    public async Task AMessageThatCanNeverSucceed_GoesToErrorAtOnce_WithItsReason_WhileATransientOneIsRetried()
    {
        var service = MessagingHost.UniqueService("rcv");
        await using var consumer = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, service,
            bus => bus.AddConsumer<ThingConsumer>(), settings: new Dictionary<string, string?> { ["Messaging:TransientRetryWindow"] = "00:30:00" });
        using var traffic = Traffic.Of(consumer);
        var errorQueues = consumer.Get<ErrorQueues>();
        var queue = $"{service}-thing";
        var never = ThingHappened.New(Guid.NewGuid(), "never");
        var notYet = ThingHappened.New(Guid.NewGuid(), "poison");

        await consumer.Get<IBus>().Publish(notYet, context => context.MessageId = notYet.EventId, Ct);
        await consumer.Get<IBus>().Publish(never, context => context.MessageId = never.EventId, Ct);

        // The permanent one is in _error long before a transient one could be (its window is 30 minutes).
        Assert.Equal(1u, await Eventually.ReturnsAsync(async () => await errorQueues.CountAsync(queue, Ct) ?? 0, n => n >= 1, "The permanent fault in _error",
            within: TimeSpan.FromSeconds(15)));
        var reason = await ReadFaultAsync(queue + "_error");
        Assert.Equal(never.EventId, reason.MessageId);
        Assert.Contains("PermanentMessageException", reason.ExceptionType, StringComparison.Ordinal);
        Assert.Contains("it names nothing", reason.Message, StringComparison.Ordinal);

        // The transient one is still being retried, not in _error: fixed, it succeeds once.
        consumer.Get<PoisonSwitch>().Fixed = true;
        Assert.Equal(1, await Eventually.ReturnsAsync(() => consumer.CountAsync(notYet.ThingId, nameof(ThingConsumer)), n => n >= 1, "The retried effect"));
        Assert.Equal(0, await consumer.CountAsync(never.ThingId, nameof(ThingConsumer)));
    }

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task AServiceStartedWhileTheBrokerIsAway_PublishesAndConsumesOnceItIsBack()
    {
        await containers.StartAsync();
        await using var proxy = new LoopbackProxy(containers.RabbitMqPort);
        var viaProxy = new UriBuilder(containers.RabbitMqConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.Uri.ToString();
        proxy.Cut();

        // The host starts while the broker is away, and stays away for 10 s.
        var starting = TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), viaProxy, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<ThingConsumer>());
        await Task.Delay(TimeSpan.FromSeconds(10), Ct);
        proxy.Restore();
        await using var service = await starting;
        var thing = ThingHappened.New(Guid.NewGuid());
        await using (var db = service.CreateDb())
        {
            db.Publish(thing);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(1, await Eventually.ReturnsAsync(() => service.CountAsync(thing.ThingId, nameof(ThingConsumer)), n => n >= 1,
            "The effect of an event published and consumed by a service that started without its broker", within: TimeSpan.FromSeconds(60)));
    }

    /// <summary>Takes the one message of an error queue, with its fault headers.</summary>
    private async Task<(Guid MessageId, string ExceptionType, string Message)> ReadFaultAsync(string errorQueue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(containers.RabbitMqConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var message = await channel.BasicGetAsync(errorQueue, autoAck: true, Ct) ?? throw new InvalidOperationException($"{errorQueue} is empty.");
        var headers = message.BasicProperties.Headers!;
        string Header(string name) => headers.TryGetValue(name, out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "";
        return (Guid.Parse(message.BasicProperties.MessageId!), Header("MT-Fault-ExceptionType"), Header("MT-Fault-Message"));
    }
}
