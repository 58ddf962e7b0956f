using System.Text.Json;
using Alliance.Contracts.Time;
using Alliance.Messaging.DueWork;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Ledger;

/// <summary>
/// Due work, one row per earning, <c>Points:Rules:ExpiresAfter</c> after it: what is left of it
/// expires as an <see cref="EntryKind.Expiry"/> entry. Points are spent oldest first, so what is left
/// of an earning is what the earnings up to it bring above everything consumed (spent, held,
/// expired, taken back), at most its own amount. Hours are another ledger and never expire.
/// </summary>
internal sealed class PointsExpiry(PointsDbContext db, TimeProvider time, ILogger<PointsExpiry> logger) : IDueWorkHandler
{
    public string Kind => Crediting.ExpiryKind;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var earning = await db.Ledger.AsNoTracking().FirstOrDefaultAsync(e => e.Id == Guid.Parse(item.Key), ct);
        if (earning is null || await db.Ledger.AnyAsync(e => e.SourceId == earning.Id && e.Kind == EntryKind.Expiry, ct))
        {
            return;
        }

        var volunteer = earning.VolunteerId;
        var available = await db.Database.SqlQuery<long>($"SELECT available AS \"Value\" FROM accounts WHERE volunteer_id = {volunteer} FOR UPDATE").SingleAsync(ct);
        var left = await LeftAsync(db, earning, available, ct);
        if (left == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var why = JsonSerializer.Serialize(new { earningId = earning.Id, earned = earning.Amount, earnedAt = earning.RecordedAt, left, rule = "oldest points are spent first" });
        var entry = LedgerEntry.Create(volunteer, EntryKind.Expiry, earning.Id, -left, Shanghai.DateOf(now), now, "points_expired", why, earning.TeamId, earning.CommunityId);
        if (!await db.TryPostAsync(entry, ct))
        {
            throw new InvalidOperationException($"The expiry of {earning.Id} did not post.");
        }

        logger.LogInformation("{Points} points of earning {EarningId} expired", left, earning.Id);
    }

    /// <summary>
    /// What is left of an earning, given the account's available points: what the earnings up to it
    /// bring above everything consumed, at most its own amount. Also what Notifications is told a week before.
    /// </summary>
    public static async Task<long> LeftAsync(PointsDbContext db, LedgerEntry earning, long available, CancellationToken ct)
    {
        var earnings = db.Ledger.Where(e => e.VolunteerId == earning.VolunteerId && (e.Kind == EntryKind.Credit || e.Kind == EntryKind.Adjustment) && e.Amount > 0);
        var earnedInAll = await earnings.SumAsync(e => e.Amount, ct);
        var earnedUpToThis = await earnings.Where(e => e.Id <= earning.Id).SumAsync(e => e.Amount, ct);
        var consumed = earnedInAll - available;
        return Math.Clamp(earnedUpToThis - consumed, 0, earning.Amount);
    }
}
