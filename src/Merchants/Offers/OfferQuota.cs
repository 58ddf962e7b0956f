using Alliance.Merchants.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Offers;

/// <summary>The units of an offer's quota taken in one period (its first day, Asia/Shanghai).</summary>
internal sealed class QuotaUsage
{
    public Guid OfferId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public int Used { get; set; }
}

/// <summary>
/// Takes and gives back quota units with one statement each, so concurrent bookings and redemptions
/// never take more than the quota (the row is locked by the statement, not read and written back).
/// </summary>
internal static class OfferQuota
{
    /// <summary>Takes one unit of the period; false when it is used up.</summary>
    public static async Task<bool> TryTakeAsync(this MerchantsDbContext db, Offer offer, DateOnly periodStart, CancellationToken ct)
    {
        var taken = await db.Database.SqlQuery<int>($"""
            INSERT INTO quota_usage (offer_id, period_start, used) VALUES ({offer.Id}, {periodStart}, 1)
            ON CONFLICT (offer_id, period_start) DO UPDATE SET used = quota_usage.used + 1 WHERE quota_usage.used < {offer.Quota}
            RETURNING used AS "Value"
            """).ToListAsync(ct);
        return taken.Count == 1;
    }

    /// <summary>Gives one unit of the period back (a cancelled booking, a failed or expired redemption).</summary>
    public static Task GiveBackAsync(this MerchantsDbContext db, Guid offerId, DateOnly periodStart, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(
            $"UPDATE quota_usage SET used = used - 1 WHERE offer_id = {offerId} AND period_start = {periodStart} AND used > 0", ct);

    public static async Task<int> UsedAsync(this MerchantsDbContext db, Guid offerId, DateOnly periodStart, CancellationToken ct) =>
        await db.QuotaUsage.Where(q => q.OfferId == offerId && q.PeriodStart == periodStart).Select(q => q.Used).FirstOrDefaultAsync(ct);
}
