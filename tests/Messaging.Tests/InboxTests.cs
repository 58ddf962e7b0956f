using System.Diagnostics.Metrics;
using Alliance.Messaging.Outbox;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace Alliance.Messaging.Tests;

public sealed class InboxTests(Containers containers)
{
    [Fact]
    public async Task TheSameMessageDeliveredFiveTimes_HasItsEffectOnce_AndTheDuplicatesAreCounted()
    {
        await using var consumer = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<ThingConsumer>());
        using var duplicates = new MetricCollector<long>(consumer.Get<IMeterFactory>(), MessagingMetrics.Name, "alliance.inbox.duplicates_suppressed");
        using var traffic = Traffic.Of(consumer);
        var message = ThingHappened.New(Guid.NewGuid());

        for (var i = 0; i < 5; i++)
        {
            await consumer.Get<IBus>().Publish(message, context => context.MessageId = message.EventId, TestContext.Current.CancellationToken);
        }

        // All five deliveries dealt with: what they did is final.
        await traffic.ConsumedAsync(message.EventId, 5);
        Assert.Equal(1, await consumer.CountAsync(message.ThingId, nameof(ThingConsumer)));
        Assert.Equal(4, duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task ADispatcherThatDiedAfterTheBrokerConfirmed_SendsAgain_AndTheEffectStillHappensOnce()
    {
        await using var consumer = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => { bus.AddConsumer<ThingConsumer>(); });
        using var traffic = Traffic.Of(consumer);
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("pub"));
        var message = ThingHappened.New(Guid.NewGuid());

        // What the dead dispatcher did: the broker confirmed its publish, but the row was never marked sent.
        await publisher.Get<IBus>().Publish(message, context => context.MessageId = message.EventId, TestContext.Current.CancellationToken);
        await using (var db = publisher.CreateDb())
        {
            Outbox.OutboxExtensions.Publish(db, message);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.ReturnsAsync(async () =>
        {
            await using var db = publisher.CreateDb();
            return await db.Set<Outbox.OutboxMessage>().CountAsync(m => m.SentAt != null);
        }, n => n == 1);
        // Both copies (the dead dispatcher's and the resent one) dealt with.
        await traffic.ConsumedAsync(message.EventId, 2);
        Assert.Equal(1, await consumer.CountAsync(message.ThingId, nameof(ThingConsumer)));
    }

    [Fact]
    public async Task APoisonMessage_GoesToTheErrorQueue_WhileOthersFlow_AndReplayingItAfterAFixAppliesItOnce()
    {
        var service = MessagingHost.UniqueService("rcv");
        await using var consumer = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, service,
            bus => bus.AddConsumer<ThingConsumer>());
        using var traffic = Traffic.Of(consumer);
        var poison = ThingHappened.New(Guid.NewGuid(), "poison");
        var healthy = Enumerable.Range(0, 3).Select(_ => ThingHappened.New(Guid.NewGuid())).ToList();
        var queue = $"{service}-thing";
        var errorQueues = consumer.Get<ErrorQueues>();

        foreach (var message in healthy.Prepend(poison))
        {
            await consumer.Get<IBus>().Publish(message, context => context.MessageId = message.EventId, TestContext.Current.CancellationToken);
        }

        foreach (var message in healthy)
        {
            Assert.Equal(1, await Eventually.ReturnsAsync(() => consumer.CountAsync(message.ThingId, nameof(ThingConsumer)), n => n >= 1));
        }

        // Delivery is at least once: a redelivery under load can park a second copy of the poison message,
        // and replaying both must still apply it once.
        var parked = await Eventually.ReturnsAsync(() => errorQueues.CountAsync(queue, TestContext.Current.CancellationToken), n => n >= 1);
        Assert.InRange(parked!.Value, 1u, 2u);
        Assert.Equal(0, await consumer.CountAsync(poison.ThingId, nameof(ThingConsumer)));

        consumer.Get<PoisonSwitch>().Fixed = true;
        var replayed = await errorQueues.ReplayAsync(queue, 10, TestContext.Current.CancellationToken);

        Assert.InRange(replayed, 1, 2);
        // The replayed copies dealt with (the failed delivery does not count as consumed).
        await traffic.ConsumedAsync(poison.EventId, replayed);
        Assert.Equal(1, await consumer.CountAsync(poison.ThingId, nameof(ThingConsumer)));
        Assert.Equal(0u, await errorQueues.CountAsync(queue, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TwoServicesConsumingOneEvent_EachSeeItOnce()
    {
        await using var points = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("pts"),
            bus => bus.AddConsumer<ThingConsumer>());
        await using var needs = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("nds"),
            bus => bus.AddConsumer<ThingConsumer>());
        using var pointsTraffic = Traffic.Of(points);
        using var needsTraffic = Traffic.Of(needs);
        var message = ThingHappened.New(Guid.NewGuid());

        await using (var db = points.CreateDb())
        {
            db.Publish(message);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Every copy the dispatcher sent has reached both services and been dealt with.
        await points.AllSentAsync();
        var sent = pointsTraffic.Published(message.EventId);
        await pointsTraffic.ConsumedAsync(message.EventId, sent);
        await needsTraffic.ConsumedAsync(message.EventId, sent);
        Assert.Equal(1, await points.CountAsync(message.ThingId, nameof(ThingConsumer)));
        Assert.Equal(1, await needs.CountAsync(message.ThingId, nameof(ThingConsumer)));
    }
}
