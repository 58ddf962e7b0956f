using Alliance.Contracts.Needs;
using Alliance.Messaging.Outbox;
using Alliance.Messaging.Topology;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Xunit;

namespace Alliance.Messaging.Tests;

/// <summary>Issue 22 §3: "sent" means it reached its queues, whoever started first.</summary>
public sealed class TopologyTests(Containers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEventPublishedBeforeItsConsumerEverRan_WaitsInItsQueue_AndArrivesWhenTheConsumerStarts()
    {
        var broker = await containers.CreateVirtualHostAsync();
        var consumerService = MessagingHost.UniqueService("rcv");
        // The publisher knows the consumer's queue from the one list, as every service knows the system's.
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), broker, MessagingHost.UniqueService("pub"),
            services: services => services.AddSingleton(new ConsumerEndpoint(consumerService, "thing", typeof(ThingHappened))));
        var thing = ThingHappened.New(Guid.NewGuid());

        await PublishAsync(publisher, thing);
        await publisher.AllSentAsync();
        await using var consumer = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), broker, consumerService,
            bus => bus.AddConsumer<ThingConsumer>());

        Assert.Equal(1, await Eventually.ReturnsAsync(() => consumer.CountAsync(thing.ThingId, nameof(ThingConsumer)), n => n >= 1, "The early event's effect"));
    }

    [Fact]
    public async Task AnyServiceDeclaresEveryQueueOfTheSystem_SoNeedConfirmedReachesItsFourQueuesWithNoConsumerRunning()
    {
        var broker = await containers.CreateVirtualHostAsync();
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), broker, MessagingHost.UniqueService("pub"));
        var now = DateTimeOffset.UtcNow;
        var confirmed = new NeedConfirmed(Guid.CreateVersion7(), now, null, Guid.CreateVersion7(), Guid.CreateVersion7(),
            ClaimantKind.Volunteer, Guid.CreateVersion7(), null, "xintang", "xintang-01", "companionship", "normal",
            now.AddHours(-3), now.AddHours(-2), now.AddHours(-1), now, NeedConfirmer.Resident, null, 5, []);

        await PublishAsync(publisher, confirmed);
        await publisher.AllSentAsync();

        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var depths = new Dictionary<string, uint>();
        foreach (var queue in SystemTopology.Queues)
        {
            depths[queue.QueueName] = (await channel.QueueDeclarePassiveAsync(queue.QueueName, Ct)).MessageCount;
        }

        Assert.Equal(SystemTopology.Queues.Count, depths.Count);
        string[] reached = ["notifications-volunteer-notices", "points-need-confirmed", "teams-need-confirmed", "volunteers-need-confirmed"];
        Assert.Equal(reached, depths.Where(d => d.Value == 1).Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.All(depths.Where(d => !reached.Contains(d.Key)), d => Assert.Equal(0u, d.Value));
    }

    [Fact]
    public async Task AnEventWhoseQueueIsGone_IsNeverMarkedSent_AndIsParkedAfterItsAttempts()
    {
        var broker = await containers.CreateVirtualHostAsync();
        var consumerService = MessagingHost.UniqueService("rcv");
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), broker, MessagingHost.UniqueService("pub"),
            settings: new Dictionary<string, string?> { ["Messaging:OutboxMaxAttempts"] = "2" },
            services: services => services.AddSingleton(new ConsumerEndpoint(consumerService, "thing", typeof(ThingHappened))));
        // Deleted behind the system's back: the event's exchange still routes to the queue's exchange, which routes nowhere.
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using (var connection = await factory.CreateConnectionAsync(Ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Ct))
        {
            await channel.QueueDeleteAsync($"{consumerService}-thing", cancellationToken: Ct);
        }

        var thing = ThingHappened.New(Guid.NewGuid());
        await PublishAsync(publisher, thing);

        var row = await Eventually.ReturnsAsync(async () =>
        {
            await using var db = publisher.CreateDb();
            return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(Ct);
        }, r => r.ParkedAt is not null, "The returned event parked");
        Assert.Null(row.SentAt);
        Assert.Equal(2, row.Attempts);
        Assert.Contains("NO_ROUTE", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithQueueTypeQuorum_EveryConsumerQueueIsQuorum_WithItsDeliveryLimit_AndEventsFlow()
    {
        var broker = await containers.CreateVirtualHostAsync();
        var service = MessagingHost.UniqueService("rcv");
        await using var host = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), broker, service,
            bus => bus.AddConsumer<ThingConsumer>(),
            settings: new Dictionary<string, string?> { ["Messaging:QueueType"] = "quorum", ["Messaging:DeliveryLimit"] = "7" });
        var thing = ThingHappened.New(Guid.NewGuid());

        await PublishAsync(host, thing);

        Assert.Equal(1, await Eventually.ReturnsAsync(() => host.CountAsync(thing.ThingId, nameof(ThingConsumer)), n => n >= 1, "The effect through a quorum queue"));
        var vhost = new Uri(broker).AbsolutePath.Trim('/');
        var queues = (await containers.RabbitMqCtlAsync("list_queues", "-p", vhost, "--no-table-headers", "--quiet", "name", "type", "arguments"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(columns => columns[0], columns => (Type: columns[1], Arguments: columns.Length > 2 ? columns[2] : ""));
        // The service's own consumer queue and every queue of the system: quorum, with the delivery limit.
        foreach (var queue in SystemTopology.Queues.Select(q => q.QueueName).Append($"{service}-thing"))
        {
            Assert.True(queues.TryGetValue(queue, out var declared), $"{queue} was not declared");
            Assert.Equal("quorum", declared.Type);
            Assert.Matches(@"x-delivery-limit.*\b7\b", declared.Arguments);
        }
    }

    private static async Task PublishAsync<TEvent>(MessagingHost<TestDb> publisher, TEvent message) where TEvent : class, Contracts.Events.IIntegrationEvent
    {
        await using var db = publisher.CreateDb();
        db.Publish(message);
        await db.SaveChangesAsync(Ct);
    }
}
