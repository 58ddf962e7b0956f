using Alliance.Contracts.Teams;
using Alliance.Messaging.Inbox;
using Alliance.Needs.Board;
using Alliance.Needs.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Claims;

/// <summary>
/// A team's new leader runs the needs its previous leader claimed for it: the claimant's rights
/// (assign, start, complete, release) follow the leadership, once per event however often delivered.
/// </summary>
internal sealed class TeamLeadershipConsumer(NeedsDbContext db, Inbox<NeedsDbContext> inbox, ILogger<TeamLeadershipConsumer> logger) : IConsumer<TeamLeadershipHandedOver>
{
    public Task Consume(ConsumeContext<TeamLeadershipHandedOver> context) =>
        inbox.HandleOnceAsync(context, nameof(TeamLeadershipConsumer), async ct =>
        {
            var m = context.Message;
            var needs = await db.Needs.Where(n => n.TeamId == m.TeamId && n.ClaimedById == m.PreviousLeaderId).ToListAsync(ct);
            var moved = needs.Count(n => n.HandOverTeamClaim(m.TeamId, m.PreviousLeaderId, m.LeaderId));
            logger.LogInformation("Team {TeamId}'s new leader {LeaderId} runs {Count} of its claimed needs", m.TeamId, m.LeaderId, moved);
        });
}
