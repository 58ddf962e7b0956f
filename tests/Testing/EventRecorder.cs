using System.Text.Json;
using Alliance.Messaging;
using Alliance.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Alliance.Testing;

public static class EventRecorder
{
    /// <summary>Starts a recorder of <typeparamref name="TEvent"/> on the shared broker, with its own database.</summary>
    public static Task<EventRecorder<TEvent>> StartAsync<TEvent>(Containers containers) where TEvent : class =>
        EventRecorder<TEvent>.StartAsync(containers);
}

/// <summary>
/// Another service, as far as the broker can tell: it consumes <typeparamref name="TEvent"/> on its
/// own queue through the inbox, and records what it got, so a test can see what a service published.
/// </summary>
public sealed class EventRecorder<TEvent> : IAsyncDisposable where TEvent : class
{
    private readonly MessagingHost<RecorderDb> host;

    private EventRecorder(MessagingHost<RecorderDb> host) => this.host = host;

    internal static async Task<EventRecorder<TEvent>> StartAsync(Containers containers)
    {
        var database = await containers.CreateDatabaseAsync("template_recorder", async connectionString =>
        {
            await using var db = new RecorderDb(new DbContextOptionsBuilder<RecorderDb>().UseServiceDatabase(connectionString).Options);
            await db.Database.EnsureCreatedAsync();
        });
        var host = await MessagingHost.StartAsync<RecorderDb>(
            database, containers.RabbitMqConnectionString, MessagingHost.UniqueService("recorder"), bus => bus.AddConsumer<RecordingConsumer>());
        return new EventRecorder<TEvent>(host);
    }

    /// <summary>Every <typeparamref name="TEvent"/> received so far, each message once.</summary>
    public async Task<IReadOnlyList<TEvent>> ReceivedAsync()
    {
        await using var db = host.CreateDb();
        var bodies = await db.Received.Select(r => r.Body).ToListAsync();
        return bodies.Select(b => JsonSerializer.Deserialize<TEvent>(b, JsonSerializerOptions.Web)!).ToList();
    }

    /// <summary>
    /// Waits up to 30 s until an event that matches has arrived; returns those that have. It does not
    /// wait on for duplicates: the inbox dedupes by message id, and how often a service published an
    /// event is its outbox's row count (<see cref="Outbox"/>), final once the request has answered.
    /// </summary>
    public async Task<IReadOnlyList<TEvent>> WaitForAsync(Func<TEvent, bool> match) =>
        (await Eventually.ReturnsAsync(ReceivedAsync, received => received.Any(match), $"A {typeof(TEvent).Name}")).Where(match).ToList();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private sealed class RecordingConsumer(RecorderDb db, Inbox<RecorderDb> inbox) : IConsumer<TEvent>
    {
        public Task Consume(ConsumeContext<TEvent> context) =>
            inbox.HandleOnceAsync(context, nameof(RecordingConsumer), _ =>
            {
                db.Received.Add(new ReceivedMessage { MessageId = context.MessageId!.Value, Body = JsonSerializer.Serialize(context.Message, JsonSerializerOptions.Web) });
                return Task.CompletedTask;
            });
    }
}

internal sealed class ReceivedMessage
{
    public Guid MessageId { get; set; }

    public string Body { get; set; } = "";
}

internal sealed class RecorderDb(DbContextOptions<RecorderDb> options) : DbContext(options)
{
    public DbSet<ReceivedMessage> Received => Set<ReceivedMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<ReceivedMessage>().HasKey(r => r.MessageId);
    }
}
