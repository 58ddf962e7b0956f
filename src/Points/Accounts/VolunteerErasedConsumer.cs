using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Points.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Accounts;

/// <summary>
/// As Volunteers does with the hours: the ledger, the balance, the redemptions and the flags stay
/// whole, under an id no other service knows, so sums and leaderboards' totals still add up.
/// </summary>
internal sealed class VolunteerErasedConsumer(PointsDbContext db, Inbox<PointsDbContext> inbox, TimeProvider time) : IConsumer<VolunteerErased>
{
    public Task Consume(ConsumeContext<VolunteerErased> context) =>
        inbox.HandleOnceAsync(context, nameof(VolunteerErasedConsumer), async ct =>
        {
            var id = context.Message.VolunteerId;
            var anonymous = Guid.CreateVersion7(time.GetUtcNow());
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
        });
}
