using System.Collections.Concurrent;
using System.Diagnostics;
using Alliance.Contracts.Events;
using Alliance.Messaging;
using Alliance.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Benchmarks;

/// <summary>The outbox path's event. <c>CommittedTicks</c> is taken just before the commit.</summary>
public sealed record Pinged(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, int Sequence, long CommittedTicks) : IIntegrationEvent;

/// <summary>The straight path's event, a type of its own so the two paths never share a queue.</summary>
public sealed record PingedStraight(Guid EventId, long PublishedTicks);

public sealed class Ping
{
    public Guid Id { get; set; }

    public int Sequence { get; set; }
}

public sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
{
    public DbSet<Ping> Pings => Set<Ping>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}

/// <summary>
/// When each event's effect was done, against a monotonic clock; for the outbox path also when the
/// writer's commit returned and when the consumer began, so a latency splits into its stages.
/// </summary>
public sealed class Arrivals
{
    public ConcurrentDictionary<Guid, long> LatencyTicks { get; } = new();

    /// <summary>An outbox event's clock: when it was due, when the writer's commit returned, when the consumer began; its effect was done at due + latency.</summary>
    public ConcurrentDictionary<Guid, (long Due, long Committed, long Began)> Stages { get; } = new();

    public void Committed(Guid id, long dueTicks)
    {
        var now = Stopwatch.GetTimestamp();
        Stages.AddOrUpdate(id, _ => (dueTicks, now, 0), (_, s) => s with { Due = dueTicks, Committed = now });
    }

    /// <summary>The first delivery's start (a redelivery's would be later).</summary>
    public void Began(Guid id)
    {
        var now = Stopwatch.GetTimestamp();
        Stages.AddOrUpdate(id, _ => (0, 0, now), (_, s) => s.Began == 0 ? s with { Began = now } : s);
    }

    public void Record(Guid id, long startedTicks) =>
        LatencyTicks.TryAdd(id, Stopwatch.GetTimestamp() - startedTicks);

    public void Clear()
    {
        LatencyTicks.Clear();
        Stages.Clear();
    }
}

/// <summary>The outbox path's consumer: an effect row and the inbox row, committed together.</summary>
public sealed class InboxPingConsumer(BenchDb db, Inbox<BenchDb> inbox, Arrivals arrivals) : IConsumer<Pinged>
{
    public async Task Consume(ConsumeContext<Pinged> context)
    {
        arrivals.Began(context.Message.EventId);
        await inbox.HandleOnceAsync(context, nameof(InboxPingConsumer), _ =>
        {
            db.Pings.Add(new Ping { Id = context.Message.EventId, Sequence = context.Message.Sequence });
            return Task.CompletedTask;
        });
        arrivals.Record(context.Message.EventId, context.Message.CommittedTicks);
    }
}

/// <summary>The straight path's consumer: MassTransit alone.</summary>
public sealed class PlainPingConsumer(Arrivals arrivals) : IConsumer<PingedStraight>
{
    public Task Consume(ConsumeContext<PingedStraight> context)
    {
        arrivals.Record(context.Message.EventId, context.Message.PublishedTicks);
        return Task.CompletedTask;
    }
}
