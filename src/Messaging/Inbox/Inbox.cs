using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.Messaging.Inbox;

/// <summary>
/// Runs a consumer's effect at most once per message: the inbox row keyed by (message id,
/// consumer), the effect and any events it publishes commit in one transaction. A redelivery
/// hits the key (23505) and is acknowledged without effect. The effect stages its changes on the
/// DbContext; anything it executes directly runs inside the same transaction.
/// </summary>
public sealed class Inbox<TContext>(TContext db, TimeProvider time, MessagingMetrics metrics, ILogger<Inbox<TContext>> logger)
    where TContext : DbContext
{
    private const string InboxPrimaryKey = "pk_inbox";

    /// <summary>Returns false when the message had already been handled.</summary>
    public async Task<bool> HandleOnceAsync<TMessage>(ConsumeContext<TMessage> context, string consumer, Func<CancellationToken, Task> effect)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} without a MessageId cannot be deduplicated.");
        var ct = context.CancellationToken;

        // A retry runs in a fresh scope, but be safe: nothing from an earlier attempt may leak in.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The inbox row goes in with the effect's own changes, in one round trip; a duplicate fails
        // on its key and rolls the whole effect back. A concurrent duplicate waits on the key's lock.
        db.Set<InboxEntry>().Add(new InboxEntry { MessageId = messageId, Consumer = consumer, HandledAt = time.GetUtcNow() });
        try
        {
            await effect(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(InboxPrimaryKey))
        {
            metrics.DuplicatesSuppressed.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            // Information: a redelivery is rare and worth seeing (the chaos suite counts these lines).
            logger.LogInformation("Message {MessageId} already handled by {Consumer}; acknowledged without effect", messageId, consumer);
            return false;
        }
        catch
        {
            metrics.HandlerFailures.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            throw;
        }
    }
}
