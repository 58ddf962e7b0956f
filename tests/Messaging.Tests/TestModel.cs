using Alliance.Contracts.Events;
using Alliance.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging.Tests;

/// <summary>An event of the tests' own; the outbox finds its type by name like any other.</summary>
public sealed record ThingHappened(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid ThingId, string? Note = null)
    : IIntegrationEvent
{
    public static ThingHappened New(Guid thingId, string? note = null, DateTimeOffset? at = null) =>
        new(Guid.CreateVersion7(), at ?? DateTimeOffset.UtcNow, null, thingId, note);
}

/// <summary>A row per effect a consumer or handler had: counting them shows "once".</summary>
public sealed class Effect
{
    public long Id { get; set; }

    public Guid ThingId { get; set; }

    public Guid? MessageId { get; set; }

    public string Consumer { get; set; } = "";

    public string? TraceId { get; set; }
}

/// <summary>The change a service makes: the outbox must follow its fate.</summary>
public sealed class Thing
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}

public sealed class TestDb(DbContextOptions<TestDb> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    public DbSet<Thing> Things => Set<Thing>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}
