using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Messaging.Inbox;
using Alliance.Points.Data;
using Alliance.Points.Flags;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Ledger;

/// <summary>
/// Each helper of a confirmed need earns once, by the rules, in the month of the confirmation; a
/// merchant's claim earns nothing. The inbox stops a redelivered event, the ledger's key a second
/// event for the same need.
/// </summary>
internal sealed class NeedConfirmedConsumer(PointsDbContext db, Inbox<PointsDbContext> inbox, IOptionsSnapshot<EarningRules> rules, NeedFlags flags, TimeProvider time)
    : IConsumer<NeedConfirmed>
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
            var byTimer = m.ConfirmedBy == NeedConfirmer.Timer;
            foreach (var helper in (m.Helpers ?? []).GroupBy(h => h.VolunteerId).OrderBy(g => g.Key))
            {
                var (hours, night) = (helper.Sum(h => h.Hours), helper.Sum(h => h.NightHours));
                if (hours <= 0)
                {
                    continue;
                }

                var earning = rules.Value.Earn(hours, night, m.Rating, byTimer, m.Urgency);
                var inputs = new { needId = m.NeedId, kindId = m.KindId, confirmedBy = m.ConfirmedBy, earning };
                var facts = new EarningFacts(
                    helper.Key, EntryKind.Credit, m.NeedId, hours, Shanghai.DateOf(m.CompletedAt), Shanghai.DateOf(m.ConfirmedAt), m.TeamId, m.CommunityId, "need_confirmed");
                await db.EarnAsync(rules.Value, facts, earning.Uncapped, inputs, now, ct);
                await flags.CheckAsync(m, helper.Key, hours, now, ct);
            }
        });
}

/// <summary>
/// An attendee's confirmed activity hours earn once per (activity, volunteer), in the month they
/// were confirmed: the activity's day is only shown, so back-dating an activity gains nothing.
/// Activities carry no rating, so no quality factor.
/// </summary>
internal sealed class ServiceHoursConfirmedConsumer(
    PointsDbContext db, Inbox<PointsDbContext> inbox, IOptionsSnapshot<EarningRules> rules, ActivityFlags flags, TimeProvider time)
    : IConsumer<ServiceHoursConfirmed>
{
    public Task Consume(ConsumeContext<ServiceHoursConfirmed> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursConfirmedConsumer), async ct =>
        {
            var m = context.Message;
            if (m.Hours <= 0)
            {
                return;
            }

            var earning = rules.Value.Earn(m.Hours, 0, null, false, null);
            var inputs = new { activityId = m.ActivityId, earning };
            var facts = new EarningFacts(
                m.VolunteerId, EntryKind.Credit, m.ActivityId, m.Hours, m.ActivityDate, Shanghai.DateOf(m.OccurredAt), m.TeamId, m.CommunityId, "activity_confirmed");
            var now = time.GetUtcNow();
            await db.EarnAsync(rules.Value, facts, earning.Uncapped, inputs, now, ct);
            await flags.CheckAsync(m, now, ct);
        });
}

/// <summary>
/// A correction of hours, as a new entry keyed by the adjustment's id: the hours' change at the rate
/// per hour the original credit earned (its quality factor and urgent bonus). It counts in its own
/// month; its day of service stays the original's.
/// </summary>
internal sealed class ServiceHoursAdjustedConsumer(PointsDbContext db, Inbox<PointsDbContext> inbox, IOptionsSnapshot<EarningRules> rules, TimeProvider time)
    : IConsumer<ServiceHoursAdjusted>
{
    public Task Consume(ConsumeContext<ServiceHoursAdjusted> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursAdjustedConsumer), async ct =>
        {
            var m = context.Message;
            var original = await db.Ledger.AsNoTracking()
                .FirstOrDefaultAsync(e => e.SourceId == m.SourceId && e.VolunteerId == m.VolunteerId && e.Kind == EntryKind.Credit, ct);
            var rate = original is null ? rules.Value.PointsPerHour : RatePerHour(original) ?? rules.Value.PointsPerHour;
            var points = (long)Math.Round(m.HoursDelta * rate, MidpointRounding.AwayFromZero);
            var inputs = new { sourceId = m.SourceId, originalCredit = original?.Id, hoursDelta = m.HoursDelta, ratePerHour = rate, reason = m.Reason };
            var facts = new EarningFacts(m.VolunteerId, EntryKind.Adjustment, m.AdjustmentId, m.HoursDelta, original?.ServiceDate ?? Shanghai.DateOf(m.OccurredAt),
                Shanghai.DateOf(m.OccurredAt), original?.TeamId, original?.CommunityId, "hours_adjusted", m.SourceId);
            await db.EarnAsync(rules.Value, facts, points, inputs, time.GetUtcNow(), ct);
        });

    private static decimal? RatePerHour(LedgerEntry credit)
    {
        using var why = JsonDocument.Parse(credit.Why);
        return why.RootElement.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("earning", out var earning)
            && earning.TryGetProperty("ratePerHour", out var rate) ? rate.GetDecimal() : null;
    }
}
