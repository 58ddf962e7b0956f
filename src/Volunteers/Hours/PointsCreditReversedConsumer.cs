using Alliance.Contracts.Points;
using Alliance.Contracts.Time;
using Alliance.Messaging.Inbox;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Privacy;
using MassTransit;

namespace Alliance.Volunteers.Hours;

/// <summary>
/// A street admin upheld an anti-gaming flag and Points took the credit back: the hours it carried
/// come off as an adjustment keyed by the reversal's own id, naming the need or activity it corrects,
/// dated the day it was made (as every adjustment is). Once however often delivered. Points reversed a
/// credit it had, so the credit's event exists: if it has not reached Volunteers yet, the reversal waits for it.
/// </summary>
internal sealed class PointsCreditReversedConsumer(VolunteersDbContext db, Inbox<VolunteersDbContext> inbox, ErasedVolunteers erased, TimeProvider time)
    : IConsumer<PointsCreditReversed>
{
    public Task Consume(ConsumeContext<PointsCreditReversed> context) =>
        inbox.HandleOnceAsync(context, nameof(PointsCreditReversedConsumer), async ct =>
        {
            var m = context.Message;
            if (HoursEntry.Round(m.Hours) <= 0)
            {
                return;
            }

            var reason = $"积分核查：标记 {m.FlagId} 经街道管理员核实成立，撤销该笔服务时长";
            var (volunteer, wasErased) = await erased.BookingIdAsync(m.VolunteerId, ct);
            var entry = HoursEntry.ForAdjustment(m.ReversalId, m.SourceId, volunteer, -m.Hours, reason, Shanghai.DateOf(m.OccurredAt), time.GetUtcNow());
            await db.AdjustOrHoldAsync(entry, !wasErased, ct);
        });
}
