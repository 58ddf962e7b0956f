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
        var committed = Guid.NewGuid();
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
            db.Things.Add(new Thing { Id = committed, Name = "已提交" });
            db.Publish(ThingHappened.New(committed));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, await receiver.SettledCountAsync(committed, nameof(DeliveryRecorder)));
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

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(0, await receiver.CountAsync(thing, nameof(ThingConsumer)));
        proxy.Restore();

        Assert.Equal(1, await Eventually.ReturnsAsync(() => receiver.CountAsync(thing, nameof(ThingConsumer)), n => n >= 1, TimeSpan.FromSeconds(60)));
        await using var check = publisher.CreateDb();
        var row = await check.Set<OutboxMessage>().SingleAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(row.SentAt);
        Assert.True(row.Attempts >= 1, "the first attempts should have failed while the broker was away");
    }

    [Fact]
    public async Task ARowThatKeepsFailing_IsParkedAfterMaxAttempts_AndNotTriedAgain()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
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

        Assert.Equal(3, parked.Attempts);
        Assert.Contains("unknown event type", parked.LastError, StringComparison.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, (await Row()).Attempts);
    }

    [Fact]
    public async Task TwoDispatchersOnOneDatabase_SendEveryRowExactlyOnce()
    {
        var database = await TestDatabases.CreateAsync(containers);
        var service = MessagingHost.UniqueService("pub");
        await using var receiver = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<DeliveryRecorder>());
        var things = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();
        await using var first = await TestHosts.StartAsync(database, containers.RabbitMqConnectionString, service);
        await using var second = await TestHosts.StartAsync(database, containers.RabbitMqConnectionString, service);

        await using (var db = first.CreateDb())
        {
            things.ForEach(t => db.Publish(ThingHappened.New(t)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        second.Get<OutboxSignal>().Notify();
        async Task<List<Guid>> Delivered()
        {
            await using var db = receiver.CreateDb();
            return await db.Effects.Where(e => things.Contains(e.ThingId)).Select(e => e.ThingId).ToListAsync();
        }

        await Eventually.ReturnsAsync(Delivered, d => d.Count >= things.Count, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var delivered = await Delivered();
        Assert.Equal(things.Count, delivered.Count);
        Assert.Equal(things.Order(), delivered.Order());
    }
}
