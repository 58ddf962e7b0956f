using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Points.Data;
using Alliance.Points.Ledger;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Accounts;

/// <summary>
/// As Volunteers does with the hours: the ledger, the balance, the redemptions and the flags stay
/// whole, under an id no other service knows, so sums and leaderboards' totals still add up. A
/// tombstone (<see cref="ErasedVolunteers"/>) keeps whatever comes later for the id off it; an
/// adjustment held for a credit that has not come is posted now, since the credit will go elsewhere.
/// </summary>
internal sealed class VolunteerErasedConsumer(
    PointsDbContext db, Inbox<PointsDbContext> inbox, ErasedVolunteers erased, IOptionsSnapshot<EarningRules> rules, TimeProvider time) : IConsumer<VolunteerErased>
{
    public Task Consume(ConsumeContext<VolunteerErased> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerErasedConsumer), async ct =>
        {
            var id = context.Message.VolunteerId;
            var anonymous = ErasedVolunteers.Anonymous();
            await erased.LockAsync(id, ct);
            await erased.RememberAsync(id, context.Message.OccurredAt, ct);
            // Key columns: plain SQL.
            await db.Database.ExecuteSqlAsync($"UPDATE accounts SET volunteer_id = {anonymous} WHERE volunteer_id = {id}", ct);
            await db.Ledger.Where(e => e.VolunteerId == id).ExecuteUpdateAsync(e => e.SetProperty(x => x.VolunteerId, anonymous), ct);
            await db.Redemptions.Where(r => r.VolunteerId == id).ExecuteUpdateAsync(r => r.SetProperty(x => x.VolunteerId, anonymous), ct);
            // A flag's key names the volunteer too.
            await db.Flags.Where(f => f.VolunteerId == id).ExecuteUpdateAsync(
                f => f.SetProperty(x => x.VolunteerId, anonymous).SetProperty(x => x.Key, x => x.Key.Replace(id.ToString(), anonymous.ToString())), ct);
            await db.Database.ExecuteSqlAsync($"UPDATE need_confirmations SET volunteer_id = {anonymous} WHERE volunteer_id = {id}", ct);
            await db.Database.ExecuteSqlAsync($"UPDATE activity_confirmations SET volunteer_id = {anonymous} WHERE volunteer_id = {id}", ct);
            await db.Stars.Where(s => s.VolunteerId == id).ExecuteDeleteAsync(ct);
            await db.PostHeldOfErasedAsync(rules.Value, id, anonymous, time.GetUtcNow(), ct);
        });
}
