using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Ledger;

internal static class LedgerPosting
{
    /// <summary>
    /// Moves the account row by the entry's deltas and stages the entry, inside the caller's
    /// transaction. The UPDATE is guarded: it matches only while neither column would go below zero,
    /// and PostgreSQL re-checks that guard on the latest row after waiting for a concurrent writer,
    /// so two reservations can never together exceed the balance. False (nothing moved) when the
    /// row would go negative or no account is open.
    /// </summary>
    public static async Task<bool> TryPostAsync(this PointsDbContext db, LedgerEntry entry, CancellationToken ct)
    {
        var moved = await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE accounts SET available = available + {entry.AvailableDelta}, reserved = reserved + {entry.ReservedDelta}
            WHERE volunteer_id = {entry.VolunteerId} AND available + {entry.AvailableDelta} >= 0 AND reserved + {entry.ReservedDelta} >= 0
            """,
            ct);
        if (moved == 0)
        {
            return false;
        }

        // The row is locked by this transaction until it commits: what it reads now is this entry's result.
        var row = await db.Accounts.AsNoTracking().Where(a => a.VolunteerId == entry.VolunteerId)
            .Select(a => new { a.Available, a.Reserved }).SingleAsync(ct);
        entry.RecordBalance(row.Available, row.Reserved);
        db.Ledger.Add(entry);
        return true;
    }

    /// <summary>Opens the volunteer's account if no <c>VolunteerRegistered</c> has yet: a credit may arrive first.</summary>
    public static Task EnsureAccountAsync(this PointsDbContext db, Guid volunteerId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(
            $"INSERT INTO accounts (volunteer_id, available, reserved, opened_at) VALUES ({volunteerId}, 0, 0, {now}) ON CONFLICT DO NOTHING", ct);
}
