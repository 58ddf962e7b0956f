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

/// <summary>When each event's effect was done, against a monotonic clock.</summary>
public sealed class Arrivals
{
    public ConcurrentDictionary<Guid, long> LatencyTicks { get; } = new();

    public void Record(Guid id, long startedTicks) =>
        LatencyTicks.TryAdd(id, Stopwatch.GetTimestamp() - startedTicks);

    public void Clear() => LatencyTicks.Clear();
}

/// <summary>The outbox path's consumer: an effect row and the inbox row, committed together.</summary>
public sealed class InboxPingConsumer(BenchDb db, Inbox<BenchDb> inbox, Arrivals arrivals) : IConsumer<Pinged>
{
    public async Task Consume(ConsumeContext<Pinged> context)
    {
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
