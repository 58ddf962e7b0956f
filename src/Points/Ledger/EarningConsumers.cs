using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Messaging.Inbox;
using Alliance.Points.Accounts;
using Alliance.Points.Data;
using Alliance.Points.Flags;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Ledger;

/// <summary>
/// Each helper of a confirmed need earns once, by the rules, in the month of the confirmation; a
/// merchant's claim earns nothing. The inbox stops a redelivered event, the ledger's key a second
/// event for the same need. An adjustment that came first is posted right after its credit; an
/// erased helper's credit goes to a new anonymous id.
/// </summary>
internal sealed class NeedConfirmedConsumer(
    PointsDbContext db, Inbox<PointsDbContext> inbox, IOptionsSnapshot<EarningRules> rules, NeedFlags flags, ErasedVolunteers erased, TimeProvider time)
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

                var (volunteer, isErased) = await erased.BookingIdAsync(helper.Key, ct);
                var earning = rules.Value.Earn(hours, night, m.Rating, byTimer, m.Urgency);
                var inputs = new { needId = m.NeedId, kindId = m.KindId, confirmedBy = m.ConfirmedBy, earning };
                var facts = new EarningFacts(
                    volunteer, EntryKind.Credit, m.NeedId, hours, Shanghai.DateOf(m.CompletedAt), Shanghai.DateOf(m.ConfirmedAt), m.TeamId, m.CommunityId, "need_confirmed");
                if (await db.EarnAsync(rules.Value, facts, earning.Uncapped, inputs, now, ct) is { } credit)
                {
                    await db.ApplyHeldAsync(rules.Value, credit, now, ct);
                    db.RaiseCredited(credit, isErased, now);
                }

                await flags.CheckAsync(m, volunteer, hours, now, ct);
            }
        });
}

/// <summary>
/// An attendee's confirmed activity hours earn once per (activity, volunteer), in the month they
/// were confirmed: the activity's day is only shown, so back-dating an activity gains nothing.
/// Activities carry no rating, so no quality factor. An adjustment that came first is posted right
/// after the credit; an erased attendee's credit goes to a new anonymous id.
/// </summary>
internal sealed class ServiceHoursConfirmedConsumer(
    PointsDbContext db, Inbox<PointsDbContext> inbox, IOptionsSnapshot<EarningRules> rules, ActivityFlags flags, ErasedVolunteers erased, TimeProvider time)
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

            var (volunteer, isErased) = await erased.BookingIdAsync(m.VolunteerId, ct);
            m = m with { VolunteerId = volunteer };
            var earning = rules.Value.Earn(m.Hours, 0, null, false, null);
            var inputs = new { activityId = m.ActivityId, earning };
            var facts = new EarningFacts(
                m.VolunteerId, EntryKind.Credit, m.ActivityId, m.Hours, m.ActivityDate, Shanghai.DateOf(m.OccurredAt), m.TeamId, m.CommunityId, "activity_confirmed");
            var now = time.GetUtcNow();
            if (await db.EarnAsync(rules.Value, facts, earning.Uncapped, inputs, now, ct) is { } credit)
            {
                await db.ApplyHeldAsync(rules.Value, credit, now, ct);
                db.RaiseCredited(credit, isErased, now);
            }

            await flags.CheckAsync(m, now, ct);
        });
}

/// <summary>
/// A correction of hours, as a new entry keyed by the adjustment's id: the hours' change at the rate
/// per hour the original credit earned (its quality factor and urgent bonus). It counts in its own
/// month; its day of service stays the original's. One that comes before its credit is held and
/// posted when the credit lands (<see cref="HoursAdjustments"/>); one for an erased volunteer goes
/// at once to a new anonymous id, whose credit will never come.
/// </summary>
internal sealed class ServiceHoursAdjustedConsumer(
    PointsDbContext db, Inbox<PointsDbContext> inbox, IOptionsSnapshot<EarningRules> rules, ErasedVolunteers erased, TimeProvider time)
    : IConsumer<ServiceHoursAdjusted>
{
    public Task Consume(ConsumeContext<ServiceHoursAdjusted> context) =>
        inbox.HandleOnceAsync(context, nameof(ServiceHoursAdjustedConsumer), async ct =>
        {
            var m = context.Message;
            var (volunteer, wasErased) = await erased.BookingIdAsync(m.VolunteerId, ct);
            await db.AdjustOrHoldAsync(rules.Value, HoursAdjustment.Of(m, volunteer), !wasErased && CorrectsACredit(m), time.GetUtcNow(), ct);
        });

    /// <summary>Whether a credit was published for the source (Teams says what stood before); from an older publisher, a take-back implies one.</summary>
    private static bool CorrectsACredit(ServiceHoursAdjusted m) => m.HoursBefore is { } before ? before > 0 : m.HoursDelta < 0;
}
