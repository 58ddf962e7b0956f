using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging.DueWork;

public static class DueWorkExtensions
{
    /// <summary>Adds "do <paramref name="kind"/> for <paramref name="key"/> at <paramref name="dueAt"/>" to this DbContext's changes.</summary>
    public static DueWorkItem ScheduleDueWork(this DbContext db, string kind, string key, DateTimeOffset dueAt, string? payload = null)
    {
        var item = new DueWorkItem { Id = Guid.CreateVersion7(), Kind = kind, Key = key, DueAt = dueAt, Payload = payload };
        db.Set<DueWorkItem>().Add(item);
        return item;
    }

    /// <summary>Removes a scheduled item that is no longer wanted (the claim was accepted in time).</summary>
    public static Task<int> CancelDueWorkAsync(this DbContext db, string kind, string key, CancellationToken ct) =>
        db.Set<DueWorkItem>().Where(d => d.Kind == kind && d.Key == key).ExecuteDeleteAsync(ct);

    /// <summary>
    /// Moves the pending item of this kind and key to <paramref name="dueAt"/> (or schedules it if
    /// none is pending), as a change saved with the caller's other changes. If the sweeper takes the
    /// item meanwhile, the save fails with a concurrency error rather than losing the move.
    /// </summary>
    public static async Task RescheduleDueWorkAsync(this DbContext db, string kind, string key, DateTimeOffset dueAt, CancellationToken ct)
    {
        var item = await db.Set<DueWorkItem>().FirstOrDefaultAsync(d => d.Kind == kind && d.Key == key, ct);
        if (item is null)
        {
            db.ScheduleDueWork(kind, key, dueAt);
            return;
        }

        item.DueAt = dueAt;
        item.Attempts = 0;
        item.LastError = null;
        item.ParkedAt = null;
    }
}
