using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using Alliance.Notifications.Reminders;
using MassTransit;

namespace Alliance.Notifications.Notices;

/// <summary>
/// The volunteer's notices beyond a claim's answer: assigned as a helper, hours confirmed (a need's or an
/// activity's), points credited (which also sets the reminder a week before they expire), a waitlist place
/// turned into a place, an activity changed or cancelled. Facts (titles, times, amounts) are asked of Needs,
/// Teams and Points at send time. Through the inbox, so a redelivered event notifies once.
/// </summary>
internal sealed class VolunteerNoticesConsumer(
    Inbox<NotificationsDbContext> inbox, NeedFacts needs, ActivityFacts activities, EarningFacts earnings, Notifier notifier,
    NotificationsDbContext db, TimeProvider time)
    : IConsumer<NeedHelpersAssigned>, IConsumer<NeedConfirmed>, IConsumer<ServiceHoursConfirmed>, IConsumer<PointsCredited>,
        IConsumer<ActivitySignUpPromoted>, IConsumer<ActivityChanged>, IConsumer<ActivityCancelled>
{
    public Task Consume(ConsumeContext<NeedHelpersAssigned> context) =>
        OnceAsync(context, async ct =>
        {
            var need = await needs.OfAsync(context.Message.NeedId, ct);
            var facts = new NoticeFacts(SubjectTypes.Need, need.NeedId) { Title = need.Title, OtherPerson = context.Message.AssignedBy };
            await notifier.NotifyAsync(NoticeKinds.HelperAssigned, facts, context.Message.HelperIds, ct);
        });

    public Task Consume(ConsumeContext<NeedConfirmed> context) =>
        OnceAsync(context, async ct =>
        {
            // A merchant's claim names no helpers: its work earns no hours.
            if (context.Message.Helpers.Count == 0)
            {
                return;
            }

            var need = await needs.OfAsync(context.Message.NeedId, ct);
            var facts = new NoticeFacts(SubjectTypes.Need, need.NeedId) { Title = need.Title };
            await notifier.NotifyAsync(NoticeKinds.HoursConfirmed, facts, context.Message.Helpers.Select(h => h.VolunteerId), ct);
        });

    public Task Consume(ConsumeContext<ServiceHoursConfirmed> context) =>
        OnceAsync(context, async ct =>
        {
            var activity = await activities.OfAsync(context.Message.ActivityId, ct);
            var facts = new NoticeFacts(SubjectTypes.Activity, activity.ActivityId) { Title = activity.Title, At = activity.StartsAt };
            await notifier.NotifyAsync(NoticeKinds.HoursConfirmed, facts, context.Message.VolunteerId, ct);
        });

    public Task Consume(ConsumeContext<PointsCredited> context) =>
        OnceAsync(context, async ct =>
        {
            var earning = await earnings.OfAsync(context.Message.EntryId, ct);
            var facts = new NoticeFacts(SubjectTypes.Points, earning.EntryId) { Amount = NoticeAmounts.Of(earning.Amount) };
            await notifier.NotifyAsync(NoticeKinds.PointsCredited, facts, context.Message.VolunteerId, ct);
            PointsExpiryReminders.Set(db, earning, time.GetUtcNow());
        });

    public Task Consume(ConsumeContext<ActivitySignUpPromoted> context) =>
        OnceAsync(context, async ct =>
        {
            var activity = await activities.OfAsync(context.Message.ActivityId, ct);
            await notifier.NotifyAsync(NoticeKinds.WaitlistPromoted, About(activity), context.Message.VolunteerId, ct);
        });

    /// <summary>Everyone who holds a place or a waitlist place now, as Teams says (the event names no one), hears of the change.</summary>
    public Task Consume(ConsumeContext<ActivityChanged> context) =>
        OnceAsync(context, async ct =>
        {
            var activity = await activities.OfAsync(context.Message.ActivityId, ct, fresh: true);
            if (!activity.Cancelled)
            {
                await notifier.NotifyAsync(NoticeKinds.ActivityChanged, About(activity), activity.SignUps.Keys, ct);
            }
        });

    /// <summary>Those whose sign-ups the cancellation ended, as the event names them (Teams lists no sign-ups of a cancelled activity).</summary>
    public Task Consume(ConsumeContext<ActivityCancelled> context) =>
        OnceAsync(context, async ct =>
        {
            var activity = await activities.OfAsync(context.Message.ActivityId, ct, fresh: true);
            await notifier.NotifyAsync(NoticeKinds.ActivityCancelled, About(activity), context.Message.VolunteerIds, ct);
        });

    private static NoticeFacts About(ActivityFact activity) =>
        new(SubjectTypes.Activity, activity.ActivityId) { Title = activity.Title, At = activity.StartsAt };

    private Task<bool> OnceAsync<T>(ConsumeContext<T> context, Func<CancellationToken, Task> effect) where T : class =>
        inbox.HandleOnceAsync(context, nameof(VolunteerNoticesConsumer), effect);
}
