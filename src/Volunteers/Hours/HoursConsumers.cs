using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Messaging.Inbox;
using Alliance.Volunteers.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Hours;

/// <summary>Adds entries that are not yet in the ledger: the inbox stops a redelivered event, the key check a second event for the same source.</summary>
internal static class Ledger
{
    public static async Task AddOnceAsync(this VolunteersDbContext db, IEnumerable<HoursEntry> entries, CancellationToken ct)
    {
        foreach (var entry in entries)
        {
            if (!await db.HoursEntries.AnyAsync(e => e.SourceId == entry.SourceId && e.VolunteerId == entry.VolunteerId && e.Kind == entry.Kind, ct))
            {
                db.HoursEntries.Add(entry);
            }
        }
    }
}

/// <summary>An attendee's hours for an activity, once per (activity, volunteer); a no-show's zero records nothing.</summary>
internal sealed class ServiceHoursConfirmedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, TimeProvider time) : IConsumer<ServiceHoursConfirmed>
{
    public Task Consume(ConsumeContext<ServiceHoursConfirmed> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursConfirmedConsumer), ct =>
        {
            var m = context.Message;
            return HoursEntry.Round(m.Hours) <= 0
                ? Task.CompletedTask
                : db.AddOnceAsync([HoursEntry.ForActivity(m.ActivityId, m.VolunteerId, m.TeamId, m.CommunityId, m.Hours, m.ActivityDate, time.GetUtcNow())], ct);
        });
}

/// <summary>Each helper's hours for a confirmed need, dated the day it was completed; a merchant's claim records nothing.</summary>
internal sealed class NeedConfirmedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, TimeProvider time) : IConsumer<NeedConfirmed>
{
    public Task Consume(ConsumeContext<NeedConfirmed> context) =>
        inbox.HandleOnceAsync(context, nameof(NeedConfirmedConsumer), ct =>
        {
            var m = context.Message;
            if (m.ClaimantKind == ClaimantKind.Merchant)
            {
                return Task.CompletedTask;
            }

            var now = time.GetUtcNow();
            var entries = (m.Helpers ?? [])
                .GroupBy(h => h.VolunteerId)
                .Select(g => HoursEntry.ForNeed(m.NeedId, g.Key, m.TeamId, m.CommunityId, g.Sum(h => h.Hours), g.Sum(h => h.NightHours), Shanghai.DateOf(m.CompletedAt), now))
                .Where(e => e.Hours > 0)
                .ToList();
            return db.AddOnceAsync(entries, ct);
        });
}

/// <summary>A correction after a dispute, as its own entry keyed by the adjustment's id, dated the day it was made.</summary>
internal sealed class ServiceHoursAdjustedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, TimeProvider time) : IConsumer<ServiceHoursAdjusted>
{
    public Task Consume(ConsumeContext<ServiceHoursAdjusted> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursAdjustedConsumer), ct =>
        {
            var m = context.Message;
            return HoursEntry.Round(m.HoursDelta) == 0
                ? Task.CompletedTask
                : db.AddOnceAsync([HoursEntry.ForAdjustment(m.AdjustmentId, m.SourceId, m.VolunteerId, m.HoursDelta, m.Reason, Shanghai.DateOf(m.OccurredAt), time.GetUtcNow())], ct);
        });
}
