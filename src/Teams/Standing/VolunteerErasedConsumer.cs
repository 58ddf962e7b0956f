using Alliance.Contracts.Teams;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Messaging.Outbox;
using Alliance.Teams.Activities;
using Alliance.Teams.Data;
using Alliance.Teams.Members;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Standing;

/// <summary>
/// A volunteer erased their data: in Teams they lead and deputise nothing from now on, leave every
/// team (a team they led passes to its longest-serving deputy; without one it keeps them as a leader
/// without powers, and its community's admins run it), give up their places at activities that have
/// not ended, and their requests, invitations and calendar feed go. Their confirmed sign-ups stay under an id no
/// other service knows, as Volunteers keeps the hours ledger, so the teams' figures still add up.
/// </summary>
internal sealed class VolunteerErasedConsumer(TeamsDbContext db, Inbox<TeamsDbContext> inbox, TimeProvider time, ILogger<VolunteerErasedConsumer> logger)
    : IConsumer<VolunteerErased>
{
    public Task Consume(ConsumeContext<VolunteerErased> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerErasedConsumer), async ct =>
        {
            var id = context.Message.VolunteerId;
            var now = time.GetUtcNow();
            await db.RecordAsync(id, StandingState.Erased, context.Message.OccurredAt.ToUniversalTime(), ct);
            await LeaveTeamsAsync(id, now, ct);
            await GiveUpPlacesAsync(id, now, ct);
            // The tracked changes above touch statuses only, so these direct updates do not collide with them.
            var anonymous = Guid.CreateVersion7(now);
            await db.SignUps.Where(s => s.VolunteerId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.VolunteerId, anonymous), ct);
            await db.MemberRemovals.Where(r => r.VolunteerId == id).ExecuteUpdateAsync(r => r.SetProperty(x => x.VolunteerId, anonymous), ct);
            await db.Memberships.Where(m => m.VolunteerId == id).ExecuteDeleteAsync(ct);
            await db.CalendarFeeds.Where(f => f.VolunteerId == id).ExecuteDeleteAsync(ct);
            logger.LogInformation("Volunteer {VolunteerId} erased from Teams", id);
        });

    private async Task LeaveTeamsAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var member in await db.Members.Where(m => m.VolunteerId == id).ToListAsync(ct))
        {
            if (member.Role == MemberRole.Leader)
            {
                var team = await db.FindWithDeputiesAsync(member.TeamId, ct);
                if (team?.Successor() is not { } successor)
                {
                    logger.LogWarning("Team {TeamId} has no deputy to take over from its erased leader; its community's admins run it", member.TeamId);
                    continue;
                }

                team.HandOver(member, successor);
                db.Publish(new TeamLeadershipHandedOver(Guid.CreateVersion7(now), now, null, team.Id, id, successor.VolunteerId));
            }

            db.Members.Remove(member);
            db.Publish(new TeamMemberLeft(Guid.CreateVersion7(now), now, null, member.TeamId, id));
        }
    }

    private async Task GiveUpPlacesAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var activityIds = await db.SignUps.Where(s => s.VolunteerId == id && s.Status != SignUpStatus.Cancelled).Select(s => s.ActivityId).ToListAsync(ct);
        foreach (var activityId in activityIds)
        {
            var activity = await db.LockAsync(activityId, ct);
            if (activity is null || activity.IsCancelled || activity.HasEnded(now))
            {
                continue;
            }

            var signUp = await db.SignUps.SingleAsync(s => s.ActivityId == activityId && s.VolunteerId == id, ct);
            await db.GiveUpAsync(activity, signUp, now, ct);
        }
    }
}
