using Alliance.Contracts.Needs;
using Alliance.Messaging.Inbox;
using Alliance.Teams.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Figures;

/// <summary>
/// Counts a confirmed need towards the team that served it. The inbox stops a redelivered event;
/// the need's key stops a second event about the same need. A team Teams does not know is skipped.
/// </summary>
internal sealed class NeedConfirmedConsumer(TeamsDbContext db, Inbox<TeamsDbContext> inbox, ILogger<NeedConfirmedConsumer> logger) : IConsumer<NeedConfirmed>
{
    public Task Consume(ConsumeContext<NeedConfirmed> context) =>
        inbox.HandleOnceAsync(context, nameof(NeedConfirmedConsumer), async ct =>
        {
            if (ServedNeed.From(context.Message) is not { } served || await db.ServedNeeds.AnyAsync(s => s.NeedId == served.NeedId, ct))
            {
                return;
            }

            if (!await db.Teams.AnyAsync(t => t.Id == served.TeamId, ct))
            {
                logger.LogWarning("Need {NeedId} was confirmed for team {TeamId}, which Teams does not know; not counted", served.NeedId, served.TeamId);
                return;
            }

            db.ServedNeeds.Add(served);
        });
}
