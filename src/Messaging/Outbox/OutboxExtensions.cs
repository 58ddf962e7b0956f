using System.Diagnostics;
using System.Text.Json;
using Alliance.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Publishes an event through the outbox: it is added to this DbContext, so it is committed if
    /// and only if the change is, and a dispatcher sends it to the broker afterwards.
    /// </summary>
    public static void Publish<TEvent>(this DbContext db, TEvent message) where TEvent : class, IIntegrationEvent
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = message.EventId,
            MessageType = MessageTypes.NameOf(typeof(TEvent)),
            Body = JsonSerializer.Serialize(message, MessageTypes.Json),
            TraceParent = Activity.Current?.Id,
            CorrelationId = message.CorrelationId,
            CreatedAt = message.OccurredAt,
            NextAttemptAt = message.OccurredAt,
        });
    }
}
