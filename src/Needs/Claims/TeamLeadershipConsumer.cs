using Alliance.Contracts.Teams;
using Alliance.Messaging.Inbox;
using Alliance.Needs.Board;
using Alliance.Needs.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Claims;

/// <summary>
/// A team's leader runs the needs claimed for it: the claimant's rights (assign, start, complete,
/// release) follow the leadership. A handover is a cue to ask Teams who leads the team now, so two
/// handovers in either order, or one delivered twice, leave every claim with the current leader.
/// </summary>
internal sealed class TeamLeadershipConsumer(NeedsDbContext db, Inbox<NeedsDbContext> inbox, TeamDirectory teams, ILogger<TeamLeadershipConsumer> logger)
    : IConsumer<TeamLeadershipHandedOver>
{
    public Task Consume(ConsumeContext<TeamLeadershipHandedOver> context) =>
        inbox.HandleOnceAsync(context, nameof(TeamLeadershipConsumer), async ct =>
        {
            var teamId = context.Message.TeamId;
            if (await teams.LeaderAsync(teamId, ct) is not { } leader)
            {
                logger.LogWarning("Teams knows no team {TeamId}; its claims stay as they are", teamId);
                return;
            }

            var needs = await db.Needs.Where(n => n.TeamId == teamId && n.ClaimedById != leader).ToListAsync(ct);
            var moved = needs.Count(n => n.FollowTeamLeader(teamId, leader));
            logger.LogInformation("Team {TeamId}'s leader {LeaderId} runs {Count} more of its claimed needs", teamId, leader, moved);
        });
}
