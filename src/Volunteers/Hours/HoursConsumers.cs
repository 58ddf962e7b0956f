using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Messaging.Inbox;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Privacy;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Hours;

/// <summary>
/// Adds entries that are not yet in the ledger: the inbox stops a redelivered event, the key check a
/// second event for the same source. A credit and an adjustment of one volunteer are written in the
/// volunteer's turn (<see cref="ErasedVolunteers.BookingIdAsync"/>), so either order ends the same.
/// </summary>
internal static class Ledger
{
    public static async Task AddOnceAsync(this VolunteersDbContext db, HoursEntry entry, CancellationToken ct)
    {
        if (!await db.HoursEntries.AnyAsync(e => e.SourceId == entry.SourceId && e.VolunteerId == entry.VolunteerId && e.Kind == entry.Kind, ct))
        {
            db.HoursEntries.Add(entry);
        }
    }

    /// <summary>A credit (an activity's or a need's hours), and right after it whatever adjustment came for it first.</summary>
    public static async Task CreditOnceAsync(this VolunteersDbContext db, HoursEntry credit, DateTimeOffset now, CancellationToken ct)
    {
        await db.AddOnceAsync(credit, ct);
        var held = await db.PendingAdjustments
            .Where(p => p.SourceId == credit.SourceId && p.VolunteerId == credit.VolunteerId).OrderBy(p => p.AdjustmentId).ToListAsync(ct);
        foreach (var pending in held)
        {
            await db.AddOnceAsync(pending.ToEntry(credit.VolunteerId, now), ct);
            db.PendingAdjustments.Remove(pending);
        }
    }

    /// <summary>
    /// An adjustment: written if its credit is in the ledger, or if none is coming (a no-show's hours,
    /// an erased volunteer's new anonymous id); otherwise held until the credit lands.
    /// </summary>
    public static async Task AdjustOrHoldAsync(this VolunteersDbContext db, HoursEntry adjustment, bool creditComing, CancellationToken ct)
    {
        if (await db.PendingAdjustments.AnyAsync(p => p.AdjustmentId == adjustment.SourceId, ct))
        {
            return;
        }

        var source = adjustment.AdjustsSourceId;
        if (creditComing && !await db.HoursEntries.AnyAsync(
                e => e.SourceId == source && e.VolunteerId == adjustment.VolunteerId && (e.Kind == HoursEntryKind.Activity || e.Kind == HoursEntryKind.Need), ct))
        {
            if (!await db.HoursEntries.AnyAsync(e => e.SourceId == adjustment.SourceId && e.VolunteerId == adjustment.VolunteerId && e.Kind == adjustment.Kind, ct))
            {
                db.PendingAdjustments.Add(PendingAdjustment.Of(adjustment));
            }

            return;
        }

        await db.AddOnceAsync(adjustment, ct);
    }
}

/// <summary>An attendee's hours for an activity, once per (activity, volunteer); a no-show's zero records nothing; an erased attendee's go to a new anonymous id.</summary>
internal sealed class ServiceHoursConfirmedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, ErasedVolunteers erased, TimeProvider time)
    : IConsumer<ServiceHoursConfirmed>
{
    public Task Consume(ConsumeContext<ServiceHoursConfirmed> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursConfirmedConsumer), async ct =>
        {
            var m = context.Message;
            if (HoursEntry.Round(m.Hours) <= 0)
            {
                return;
            }

            var (volunteer, _) = await erased.BookingIdAsync(m.VolunteerId, ct);
            var now = time.GetUtcNow();
            await db.CreditOnceAsync(HoursEntry.ForActivity(m.ActivityId, volunteer, m.TeamId, m.CommunityId, m.Hours, m.ActivityDate, now), now, ct);
        });
}

/// <summary>Each helper's hours for a confirmed need, dated the day it was completed; a merchant's claim records nothing; an erased helper's go to a new anonymous id.</summary>
internal sealed class NeedConfirmedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, ErasedVolunteers erased, TimeProvider time) : IConsumer<NeedConfirmed>
{
    public Task Consume(ConsumeContext<NeedConfirmed> context) =>
        inbox.HandleOnceAsync(context, nameof(NeedConfirmedConsumer), async ct =>
        {
            var m = context.Message;
            if (m.ClaimantKind == ClaimantKind.Merchant)
            {
                return;
            }

            var now = time.GetUtcNow();
            // In the order of the ids: two confirmations sharing helpers take their turns alike.
            foreach (var helper in (m.Helpers ?? []).GroupBy(h => h.VolunteerId).OrderBy(g => g.Key))
            {
                var (hours, night) = (helper.Sum(h => h.Hours), helper.Sum(h => h.NightHours));
                if (HoursEntry.Round(hours) <= 0)
                {
                    continue;
                }

                var (volunteer, _) = await erased.BookingIdAsync(helper.Key, ct);
                await db.CreditOnceAsync(HoursEntry.ForNeed(m.NeedId, volunteer, m.TeamId, m.CommunityId, hours, night, Shanghai.DateOf(m.CompletedAt), now), now, ct);
            }
        });
}

/// <summary>
/// A correction after a dispute, as its own entry keyed by the adjustment's id, dated the day it was made;
/// held until its credit lands if it came first; for an erased volunteer, at once under a new anonymous id.
/// </summary>
internal sealed class ServiceHoursAdjustedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, ErasedVolunteers erased, TimeProvider time)
    : IConsumer<ServiceHoursAdjusted>
{
    public Task Consume(ConsumeContext<ServiceHoursAdjusted> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursAdjustedConsumer), async ct =>
        {
            var m = context.Message;
            if (HoursEntry.Round(m.HoursDelta) == 0)
            {
                return;
            }

            var (volunteer, wasErased) = await erased.BookingIdAsync(m.VolunteerId, ct);
            var entry = HoursEntry.ForAdjustment(m.AdjustmentId, m.SourceId, volunteer, m.HoursDelta, m.Reason, Shanghai.DateOf(m.OccurredAt), time.GetUtcNow());
            await db.AdjustOrHoldAsync(entry, !wasErased && CorrectsACredit(m), ct);
        });

    /// <summary>Whether a credit was published for the source (Teams says what stood before); from an older publisher, a take-back implies one.</summary>
    private static bool CorrectsACredit(ServiceHoursAdjusted m) => m.HoursBefore is { } before ? before > 0 : m.HoursDelta < 0;
}
