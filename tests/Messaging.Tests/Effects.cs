using Alliance.Testing;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging.Tests;

internal static class Effects
{
    public static async Task<int> CountAsync(this MessagingHost<TestDb> host, Guid thingId, string consumer)
    {
        await using var db = host.CreateDb();
        return await db.Effects.CountAsync(e => e.ThingId == thingId && e.Consumer == consumer);
    }

    /// <summary>
    /// Returns once no transaction that read <paramref name="table"/> (<c>outbox</c>, <c>due_work</c>)
    /// is still open: PostgreSQL grants the exclusive lock only then. A dispatch round publishes inside
    /// its transaction and a sweep runs its handler inside its own, so once the table has nothing left
    /// to do, what every instance's loop did with it (published, handled) is final.
    /// </summary>
    public static async Task AwaitQuietAsync(this MessagingHost<TestDb> host, string table)
    {
        await using var db = host.CreateDb();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(table switch
        {
            "outbox" => "LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE",
            "due_work" => "LOCK TABLE due_work IN ACCESS EXCLUSIVE MODE",
            _ => throw new ArgumentException($"Not a messaging table: {table}", nameof(table)),
        });
        await transaction.CommitAsync();
    }

    /// <summary>
    /// Waits until the outbox has no row left to send and no dispatch round is still open: every copy
    /// its dispatchers will ever publish has been published (<see cref="Traffic.Published"/> is final).
    /// </summary>
    public static async Task AllSentAsync(this MessagingHost<TestDb> publisher)
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = publisher.CreateDb();
            return !await db.Set<Outbox.OutboxMessage>().AnyAsync(m => m.SentAt == null && m.ParkedAt == null);
        }, "Every outbox row sent");
        await publisher.AwaitQuietAsync("outbox");
    }
}
