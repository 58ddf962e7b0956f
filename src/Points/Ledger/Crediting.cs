using System.Text.Json;
using Alliance.Contracts.Time;
using Alliance.Messaging.DueWork;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Ledger;

/// <summary>Earned points into the ledger: once per (source, volunteer, kind), within the month's cap, with their expiry scheduled.</summary>
internal static class Crediting
{
    public const string ExpiryKind = "points-expiry";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Posts an earning (a credit, or a positive or negative adjustment) unless the source already
    /// earned this volunteer one. The account row is locked first, so two credits of one volunteer
    /// take turns and the monthly cap holds. A take-back never goes below what is available.
    /// </summary>
    public static async Task<LedgerEntry?> EarnAsync(
        this PointsDbContext db, EarningRules rules, Guid volunteerId, EntryKind kind, Guid sourceId, long points, DateOnly serviceDate,
        Guid? teamId, string? communityId, string reason, object inputs, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Ledger.AnyAsync(e => e.SourceId == sourceId && e.VolunteerId == volunteerId && e.Kind == kind, ct))
        {
            return null;
        }

        await db.EnsureAccountAsync(volunteerId, now, ct);
        var available = await db.Database.SqlQuery<long>($"SELECT available AS \"Value\" FROM accounts WHERE volunteer_id = {volunteerId} FOR UPDATE").SingleAsync(ct);
        var monthStart = Shanghai.MonthStart(serviceDate);
        var monthEnd = monthStart.AddMonths(1);
        var earnedThisMonth = await db.Ledger
            .Where(e => e.VolunteerId == volunteerId && (e.Kind == EntryKind.Credit || e.Kind == EntryKind.Adjustment) && e.ServiceDate >= monthStart && e.ServiceDate < monthEnd)
            .SumAsync(e => e.Amount, ct);
        var granted = points >= 0 ? rules.Capped(points, earnedThisMonth) : Math.Max(points, -available);
        var why = JsonSerializer.Serialize(new
        {
            inputs,
            uncapped = points,
            monthlyCap = rules.MonthlyCap,
            earnedThisMonthBefore = earnedThisMonth,
            cappedBy = points >= 0 ? points - granted : 0,
            limitedToAvailable = points < 0 && granted != points,
            points = granted,
        }, Json);
        var entry = LedgerEntry.Create(volunteerId, kind, sourceId, granted, serviceDate, now, reason, why, teamId, communityId);
        if (!await db.TryPostAsync(entry, ct))
        {
            throw new InvalidOperationException($"Earning {sourceId} for {volunteerId} did not post.");
        }

        if (granted > 0)
        {
            db.ScheduleDueWork(ExpiryKind, entry.Id.ToString(), now + rules.ExpiresAfter);
        }

        return entry;
    }
}
