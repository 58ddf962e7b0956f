using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Teams.Data;
using MassTransit;

namespace Alliance.Teams.Standing;

/// <summary>
/// Keeps a volunteer's suspension and reinstatement, on one queue (<c>teams-volunteer-standing</c>) so
/// they usually arrive in order; when they do not, the older event loses by its time.
/// </summary>
internal sealed class VolunteerStandingConsumer(TeamsDbContext db, Inbox<TeamsDbContext> inbox, ILogger<VolunteerStandingConsumer> logger)
    : IConsumer<VolunteerSuspended>, IConsumer<VolunteerReinstated>
{
    public Task Consume(ConsumeContext<VolunteerSuspended> context) =>
        RecordAsync(context, context.Message.VolunteerId, StandingState.Suspended, context.Message.OccurredAt);

    public Task Consume(ConsumeContext<VolunteerReinstated> context) =>
        RecordAsync(context, context.Message.VolunteerId, StandingState.Reinstated, context.Message.OccurredAt);

    private Task<bool> RecordAsync<TEvent>(ConsumeContext<TEvent> context, Guid volunteerId, StandingState standing, DateTimeOffset at)
        where TEvent : class =>
        inbox.HandleOnceAsync(context, nameof(VolunteerStandingConsumer), async ct =>
        {
            if (await db.RecordAsync(volunteerId, standing, at.ToUniversalTime(), ct))
            {
                logger.LogInformation("Volunteer {VolunteerId} is now {Standing} in Teams", volunteerId, standing);
            }
        });
}
