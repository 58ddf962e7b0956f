using Alliance.Messaging.Outbox;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Messaging.Tests;

public sealed class OutboxTests(Containers containers)
{
    [Fact]
    public async Task ACommittedChange_PublishesExactlyOneMessage_AndARolledBackOneNothing()
    {
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("pub"));
        await using var receiver = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<DeliveryRecorder>());
        using var published = Traffic.Of(publisher);
        using var received = Traffic.Of(receiver);
        var committed = ThingHappened.New(Guid.NewGuid());
        var rolledBack = Guid.NewGuid();

        await using (var db = publisher.CreateDb())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            db.Things.Add(new Thing { Id = rolledBack, Name = "会被回滚" });
            db.Publish(ThingHappened.New(rolledBack));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = publisher.CreateDb())
        {
            db.Things.Add(new Thing { Id = committed.ThingId, Name = "已提交" });
            db.Publish(committed);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Every copy the dispatcher sent has been delivered (the recorder has no inbox: it counts them all).
        await publisher.AllSentAsync();
        await received.ConsumedAsync(committed.EventId, published.Published(committed.EventId));
        Assert.Equal(1, await receiver.CountAsync(committed.ThingId, nameof(DeliveryRecorder)));
        Assert.Equal(0, await receiver.CountAsync(rolledBack, nameof(DeliveryRecorder)));
        await using var check = publisher.CreateDb();
        Assert.False(await check.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithTheBrokerAwayAtCommit_TheChangeSucceeds_AndTheEventIsDeliveredOnceItIsBack()
    {
        await containers.StartAsync();
        await using var proxy = new LoopbackProxy(containers.RabbitMqPort);
        var viaProxy = new UriBuilder(containers.RabbitMqConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.Uri.ToString();
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), viaProxy, MessagingHost.UniqueService("pub"),
            settings: new Dictionary<string, string?> { ["Messaging:OutboxPublishTimeout"] = "00:00:01" });
        await using var receiver = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<ThingConsumer>());
        var thing = Guid.NewGuid();

        proxy.Cut();
        await using (var db = publisher.CreateDb())
        {
            db.Things.Add(new Thing { Id = thing, Name = "断网时提交" });
            db.Publish(ThingHappened.New(thing));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // The dispatcher has tried, and failed, while the broker was away.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = publisher.CreateDb();
            return await db.Set<OutboxMessage>().AnyAsync(m => m.Attempts >= 1 && m.SentAt == null);
        }, "A failed attempt while the broker was away");
        Assert.Equal(0, await receiver.CountAsync(thing, nameof(ThingConsumer)));
        proxy.Restore();

        Assert.Equal(1, await Eventually.ReturnsAsync(() => receiver.CountAsync(thing, nameof(ThingConsumer)), n => n >= 1, within: TimeSpan.FromSeconds(60)));
        // The dispatcher marks the row sent once the broker has confirmed it, which may come after the consumer has it.
        var row = await Eventually.ReturnsAsync(async () =>
        {
            await using var check = publisher.CreateDb();
            return await check.Set<OutboxMessage>().SingleAsync(TestContext.Current.CancellationToken);
        }, r => r.SentAt is not null, "the row marked sent", TimeSpan.FromSeconds(30));
        Assert.NotNull(row.SentAt);
        Assert.True(row.Attempts >= 1, "the first attempts should have failed while the broker was away");
    }

    [Fact]
    public async Task ARowThatCanNeverBeSent_IsParkedAtOnce_AndNotTriedAgain()
    {
        var clock = new WatchedClock(DateTimeOffset.UtcNow);
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("pub"),
            time: clock, settings: new Dictionary<string, string?> { ["Messaging:OutboxMaxAttempts"] = "3" });
        var id = Guid.CreateVersion7();
        await using (var db = publisher.CreateDb())
        {
            // A type no build knows: every attempt fails, as a message the broker refuses would.
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = id,
                MessageType = "Alliance.Gone.ThingVanished, Alliance.Gone",
                Body = "{}",
                CreatedAt = clock.GetUtcNow(),
                NextAttemptAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        async Task<OutboxMessage> Row()
        {
            await using var db = publisher.CreateDb();
            return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
        }

        var parked = await clock.AdvanceUntilAsync(Row, r => r.ParkedAt is not null, TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, parked.Attempts);
        Assert.Contains("unknown event type", parked.LastError, StringComparison.Ordinal);
        // Long past every back-off, the dispatcher has looked at its table again and again.
        for (var i = 0; i < 3; i++)
        {
            await clock.AdvanceThroughRoundAsync(TimeSpan.FromMinutes(10), TestHosts.OutboxPoll);
        }

        Assert.Equal(1, (await Row()).Attempts);
    }

    [Fact]
    public async Task ABrokerAwayPastTheOldParkingPoint_ParksNothing_AndTheEventGoesOutWhenItIsBack()
    {
        await containers.StartAsync();
        var clock = new WatchedClock(DateTimeOffset.UtcNow);
        await using var proxy = new LoopbackProxy(containers.RabbitMqPort);
        var viaProxy = new UriBuilder(containers.RabbitMqConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.Uri.ToString();
        // Three attempts used to park a row: about a minute of broker outage.
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), viaProxy, MessagingHost.UniqueService("pub"),
            time: clock, settings: new Dictionary<string, string?> { ["Messaging:OutboxMaxAttempts"] = "3", ["Messaging:OutboxPublishTimeout"] = "00:00:01" });
        await using var receiver = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<ThingConsumer>());
        var thing = ThingHappened.New(Guid.NewGuid());

        proxy.Cut();
        await using (var db = publisher.CreateDb())
        {
            db.Publish(thing);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        async Task<OutboxMessage> Row()
        {
            await using var db = publisher.CreateDb();
            return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == thing.EventId);
        }

        var failing = await clock.AdvanceUntilAsync(Row, r => r.Attempts >= 6, TimeSpan.FromSeconds(30));
        Assert.Null(failing.ParkedAt);
        Assert.True(failing.NextAttemptAt - clock.GetUtcNow() <= TimeSpan.FromMinutes(1), $"next attempt in {failing.NextAttemptAt - clock.GetUtcNow()}");

        proxy.Restore();
        await clock.AdvanceUntilAsync(Row, r => r.SentAt is not null, TimeSpan.FromSeconds(30));
        Assert.Equal(1, await Eventually.ReturnsAsync(() => receiver.CountAsync(thing.ThingId, nameof(ThingConsumer)), n => n >= 1, "The event's effect"));
        Assert.Null((await Row()).ParkedAt);
    }

    [Fact]
    public async Task TwoDispatchersOnOneDatabase_SendEveryRowExactlyOnce()
    {
        var database = await TestDatabases.CreateAsync(containers);
        var service = MessagingHost.UniqueService("pub");
        await using var receiver = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<DeliveryRecorder>());
        var messages = Enumerable.Range(0, 300).Select(_ => ThingHappened.New(Guid.NewGuid())).ToList();
        var things = messages.Select(m => m.ThingId).ToList();
        await using var first = await TestHosts.StartAsync(database, containers.RabbitMqConnectionString, service);
        await using var second = await TestHosts.StartAsync(database, containers.RabbitMqConnectionString, service);
        using var fromFirst = Traffic.Of(first);
        using var fromSecond = Traffic.Of(second);
        using var received = Traffic.Of(receiver);

        await using (var db = first.CreateDb())
        {
            messages.ForEach(db.Publish);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        second.Get<OutboxSignal>().Notify();
        async Task<List<Guid>> Delivered()
        {
            await using var db = receiver.CreateDb();
            return await db.Effects.Where(e => things.Contains(e.ThingId)).Select(e => e.ThingId).ToListAsync();
        }

        // Every copy either dispatcher sent has been delivered (the recorder has no inbox: it counts them all).
        await first.AllSentAsync();
        foreach (var message in messages)
        {
            await received.ConsumedAsync(message.EventId, fromFirst.Published(message.EventId) + fromSecond.Published(message.EventId));
        }

        var delivered = await Delivered();
        Assert.Equal(things.Count, delivered.Count);
        Assert.Equal(things.Order(), delivered.Order());
    }
}
