using Alliance.Contracts.Teams;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;

namespace Alliance.Notifications.Notices;

/// <summary>Tells a team's leader and deputies (<see cref="TeamFacts"/>) what waits for them: a request to join, a volunteer disputing their hours.</summary>
internal sealed class TeamNoticesConsumer(Inbox<NotificationsDbContext> inbox, TeamFacts teams, Notifier notifier)
    : IConsumer<TeamJoinRequested>, IConsumer<ActivityHoursDisputed>
{
    public Task Consume(ConsumeContext<TeamJoinRequested> context) =>
        inbox.HandleOnceAsync(context, nameof(TeamNoticesConsumer), async ct =>
        {
            var m = context.Message;
            var team = await teams.OfAsync(m.TeamId, ct);
            var about = new NoticeFacts(SubjectTypes.Team, m.TeamId) { Title = team.Name, OtherPerson = m.VolunteerId };
            await notifier.NotifyAsync(NoticeKinds.JoinRequested, about, team.Leaders, ct);
        });

    public Task Consume(ConsumeContext<ActivityHoursDisputed> context) =>
        inbox.HandleOnceAsync(context, nameof(TeamNoticesConsumer), async ct =>
        {
            var m = context.Message;
            var team = await teams.OfAsync(m.TeamId, ct);
            var about = new NoticeFacts(SubjectTypes.Activity, m.ActivityId) { Title = team.Name, OtherPerson = m.VolunteerId };
            await notifier.NotifyAsync(NoticeKinds.HoursDisputed, about, team.Leaders, ct);
        });
}
