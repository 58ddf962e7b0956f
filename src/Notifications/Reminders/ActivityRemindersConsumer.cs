using Alliance.Contracts.Teams;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Reminders;

/// <summary>
/// Keeps the activity reminders in step with sign-ups: set on a sign-up, gone on a withdrawal or a
/// cancellation, moved when the activity's time changes. Who is signed up is Teams' to say (asked afresh),
/// not a copy kept here, so a sign-up that comes after its withdrawal sets nothing. The reminder asks again
/// when it runs.
/// </summary>
internal sealed class ActivityRemindersConsumer(Inbox<NotificationsDbContext> inbox, ActivityFacts activities, NotificationsDbContext db, TimeProvider time)
    : IConsumer<ActivitySignedUp>, IConsumer<ActivitySignUpWithdrawn>, IConsumer<ActivityChanged>, IConsumer<ActivityCancelled>
{
    public Task Consume(ConsumeContext<ActivitySignedUp> context) =>
        OnceAsync(context, async ct =>
        {
            var m = context.Message;
            var activity = await activities.OfAsync(m.ActivityId, ct, fresh: true);
            if (!activity.Cancelled && activity.SignUps.ContainsKey(m.VolunteerId))
            {
                await ActivityReminders.SetAsync(db, m.ActivityId, m.VolunteerId, activity.StartsAt, time.GetUtcNow(), ct);
            }
        });

    public Task Consume(ConsumeContext<ActivitySignUpWithdrawn> context) =>
        OnceAsync(context, ct => ActivityReminders.CancelAsync(db, context.Message.ActivityId, context.Message.VolunteerId, ct));

    /// <summary>Moved to the start Teams gives now, not the event's: two changes that arrive out of order leave the later time.</summary>
    public Task Consume(ConsumeContext<ActivityChanged> context) =>
        OnceAsync(context, async ct =>
        {
            var activity = await activities.OfAsync(context.Message.ActivityId, ct, fresh: true);
            await ActivityReminders.MoveAllAsync(db, activity.ActivityId, activity.StartsAt, time.GetUtcNow(), ct);
        });

    public Task Consume(ConsumeContext<ActivityCancelled> context) =>
        OnceAsync(context, ct => ActivityReminders.Of(db, context.Message.ActivityId).ExecuteDeleteAsync(ct));

    private Task<bool> OnceAsync<T>(ConsumeContext<T> context, Func<CancellationToken, Task> effect) where T : class =>
        inbox.HandleOnceAsync(context, nameof(ActivityRemindersConsumer), effect);
}
