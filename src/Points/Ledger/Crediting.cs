using System.Text.Json;
using Alliance.Contracts.Points;
using Alliance.Contracts.Time;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Ledger;

/// <summary>
/// What an earning is about: whose, which kind of entry, its source, its hours (signed for an
/// adjustment), the day of service (display) and the day it was earned (the cap and the boards).
/// </summary>
internal sealed record EarningFacts(
    Guid VolunteerId, EntryKind Kind, Guid SourceId, decimal Hours, DateOnly ServiceDate, DateOnly EarnedOn, Guid? TeamId, string? CommunityId, string Reason,
    Guid? AdjustsSourceId = null);

/// <summary>Earned points into the ledger: once per (source, volunteer, kind), within the month's cap, with their expiry scheduled.</summary>
internal static class Crediting
{
    public const string ExpiryKind = "points-expiry";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Posts an earning (a credit, or a positive or negative adjustment) unless the source already
    /// earned this volunteer one. The account row is locked first, so two credits of one volunteer
    /// take turns and the monthly cap holds. The cap counts the points granted in the month the
    /// earning is earned in, so a take-back makes no room for more. A take-back never goes below
    /// what is available: what is spent or held stays spent or held.
    /// </summary>
    public static async Task<LedgerEntry?> EarnAsync(
        this PointsDbContext db, EarningRules rules, EarningFacts facts, long points, object inputs, DateTimeOffset now, CancellationToken ct)
    {
        var volunteerId = facts.VolunteerId;
        if (await db.Ledger.AnyAsync(e => e.SourceId == facts.SourceId && e.VolunteerId == volunteerId && e.Kind == facts.Kind, ct))
        {
            return null;
        }

        await db.EnsureAccountAsync(volunteerId, now, ct);
        var available = await db.Database.SqlQuery<long>($"SELECT available AS \"Value\" FROM accounts WHERE volunteer_id = {volunteerId} FOR UPDATE").SingleAsync(ct);
        var monthStart = Shanghai.MonthStart(facts.EarnedOn);
        var monthEnd = monthStart.AddMonths(1);
        var earnedThisMonth = await db.Ledger
            .Where(e => e.VolunteerId == volunteerId && (e.Kind == EntryKind.Credit || e.Kind == EntryKind.Adjustment) && e.Amount > 0
                && e.EarnedOn >= monthStart && e.EarnedOn < monthEnd)
            .SumAsync(e => e.Amount, ct);
        var granted = points >= 0 ? rules.Capped(points, earnedThisMonth) : Math.Max(points, -available);
        var why = JsonSerializer.Serialize(new
        {
            inputs,
            uncapped = points,
            monthlyCap = rules.MonthlyCap,
            earnedIn = monthStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            earnedThisMonthBefore = earnedThisMonth,
            cappedBy = points >= 0 ? points - granted : 0,
            limitedToAvailable = points < 0 && granted != points,
            notTakenBack = points < 0 ? granted - points : 0,
            points = granted,
        }, Json);
        var entry = LedgerEntry.Create(volunteerId, facts.Kind, facts.SourceId, granted, facts.ServiceDate, now, facts.Reason, why, facts.TeamId, facts.CommunityId)
            .Earned(facts.EarnedOn, facts.Hours, facts.AdjustsSourceId);
        if (!await db.TryPostAsync(entry, ct))
        {
            throw new InvalidOperationException($"Earning {facts.SourceId} for {volunteerId} did not post.");
        }

        if (granted > 0)
        {
            db.ScheduleDueWork(ExpiryKind, entry.Id.ToString(), now + rules.ExpiresAfter);
        }

        return entry;
    }

    /// <summary>Tells the volunteer's side a credit posted (<see cref="PointsCredited"/>); never for an erased volunteer, whose credit went to an anonymous id.</summary>
    public static void RaiseCredited(this PointsDbContext db, LedgerEntry credit, bool erased, DateTimeOffset now)
    {
        if (!erased)
        {
            db.Publish(new PointsCredited(Guid.CreateVersion7(now), now, null, credit.VolunteerId, credit.Id, credit.SourceId));
        }
    }
}
