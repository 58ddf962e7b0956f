using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Ledger;

/// <summary>
/// A <c>ServiceHoursAdjusted</c> that came before the credit it corrects, held until the credit lands
/// (events are not ordered: docs/messaging.md). Keyed by the adjustment's own id.
/// </summary>
internal sealed class PendingAdjustment
{
    private PendingAdjustment()
    {
    }

    public Guid AdjustmentId { get; private set; }

    /// <summary>The need or activity whose credit it corrects.</summary>
    public Guid SourceId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public decimal HoursDelta { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>When it was made: the month it counts in, as if it had come in order.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public static PendingAdjustment Of(HoursAdjustment a, DateTimeOffset now) => new()
    {
        AdjustmentId = a.AdjustmentId,
        SourceId = a.SourceId,
        VolunteerId = a.VolunteerId,
        HoursDelta = a.HoursDelta,
        Reason = a.Reason,
        OccurredAt = a.OccurredAt.ToUniversalTime(),
        ReceivedAt = now,
    };

    /// <summary>As the event said it, to be posted now.</summary>
    public HoursAdjustment ToAdjustment() => new(AdjustmentId, SourceId, VolunteerId, HoursDelta, Reason, OccurredAt);
}

/// <summary>What an hours adjustment is, whichever way it came.</summary>
internal sealed record HoursAdjustment(Guid AdjustmentId, Guid SourceId, Guid VolunteerId, decimal HoursDelta, string Reason, DateTimeOffset OccurredAt)
{
    public static HoursAdjustment Of(ServiceHoursAdjusted m, Guid volunteerId) => new(m.AdjustmentId, m.SourceId, volunteerId, m.HoursDelta, m.Reason, m.OccurredAt);
}

/// <summary>
/// Hours adjustments into the ledger in either order with their credit: at the credit's rate per hour,
/// in the adjustment's own month, and a take-back in full against the credit it belongs to.
/// </summary>
internal static class HoursAdjustments
{
    /// <summary>
    /// Posts the adjustment if its credit is in the ledger; holds it if the credit is still to come
    /// (<paramref name="creditComing"/>), to be posted when it lands; otherwise (a no-show's hours,
    /// which have no credit) posts it at the rules' rate. The account row is locked first, as a credit
    /// locks it, so the two take turns: the credit then finds the held adjustment, or the adjustment the credit.
    /// </summary>
    public static async Task AdjustOrHoldAsync(
        this PointsDbContext db, EarningRules rules, HoursAdjustment adjustment, bool creditComing, DateTimeOffset now, CancellationToken ct)
    {
        var volunteerId = adjustment.VolunteerId;
        await db.EnsureAccountAsync(volunteerId, now, ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM accounts WHERE volunteer_id = {volunteerId} FOR UPDATE", ct);
        if (await db.PendingAdjustments.AnyAsync(p => p.AdjustmentId == adjustment.AdjustmentId, ct))
        {
            return;
        }

        var credit = await db.Ledger.AsNoTracking()
            .FirstOrDefaultAsync(e => e.SourceId == adjustment.SourceId && e.VolunteerId == volunteerId && e.Kind == EntryKind.Credit, ct);
        if (credit is null && creditComing)
        {
            if (!await db.Ledger.AnyAsync(e => e.SourceId == adjustment.AdjustmentId && e.VolunteerId == volunteerId && e.Kind == EntryKind.Adjustment, ct))
            {
                db.PendingAdjustments.Add(PendingAdjustment.Of(adjustment, now));
            }

            return;
        }

        await db.PostAsync(rules, adjustment, credit, false, now, ct);
    }

    /// <summary>
    /// The credit just posted in this transaction: what was held for it posts now, right after it, so
    /// the points a take-back takes are there in full (nothing can be spent in between).
    /// </summary>
    public static async Task ApplyHeldAsync(this PointsDbContext db, EarningRules rules, LedgerEntry credit, DateTimeOffset now, CancellationToken ct)
    {
        var held = await db.PendingAdjustments
            .Where(p => p.SourceId == credit.SourceId && p.VolunteerId == credit.VolunteerId).OrderBy(p => p.AdjustmentId).ToListAsync(ct);
        foreach (var pending in held)
        {
            // The credit (and each adjustment before this one) is in the ledger the month's cap reads.
            await db.SaveChangesAsync(ct);
            await db.PostAsync(rules, pending.ToAdjustment(), credit, true, now, ct);
            db.PendingAdjustments.Remove(pending);
        }
    }

    /// <summary>Held adjustments of an erased volunteer: posted at once under the anonymous id, since their credit will be booked under another.</summary>
    public static async Task PostHeldOfErasedAsync(this PointsDbContext db, EarningRules rules, Guid volunteerId, Guid anonymousId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var pending in await db.PendingAdjustments.Where(p => p.VolunteerId == volunteerId).OrderBy(p => p.AdjustmentId).ToListAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await db.PostAsync(rules, pending.ToAdjustment() with { VolunteerId = anonymousId }, null, false, now, ct);
            db.PendingAdjustments.Remove(pending);
        }
    }

    private static async Task PostAsync(
        this PointsDbContext db, EarningRules rules, HoursAdjustment a, LedgerEntry? credit, bool held, DateTimeOffset now, CancellationToken ct)
    {
        var rate = credit is null ? rules.PointsPerHour : RatePerHour(credit) ?? rules.PointsPerHour;
        var points = (long)Math.Round(a.HoursDelta * rate, MidpointRounding.AwayFromZero);
        var madeOn = Shanghai.DateOf(a.OccurredAt);
        var inputs = new { sourceId = a.SourceId, originalCredit = credit?.Id, hoursDelta = a.HoursDelta, ratePerHour = rate, reason = a.Reason, heldForTheCredit = held };
        var facts = new EarningFacts(a.VolunteerId, EntryKind.Adjustment, a.AdjustmentId, a.HoursDelta, credit?.ServiceDate ?? madeOn,
            madeOn, credit?.TeamId, credit?.CommunityId, "hours_adjusted", a.SourceId);
        await db.EarnAsync(rules, facts, points, inputs, now, ct);
    }

    private static decimal? RatePerHour(LedgerEntry credit)
    {
        using var why = JsonDocument.Parse(credit.Why);
        return why.RootElement.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("earning", out var earning)
            && earning.TryGetProperty("ratePerHour", out var rate) ? rate.GetDecimal() : null;
    }
}
