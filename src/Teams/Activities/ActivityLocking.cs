using Alliance.Teams.Data;
using Alliance.Teams.Members;
using Alliance.Teams.Teams;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

/// <summary>
/// An activity with the team that runs it as it is now (its current leader and deputies), as the
/// activity policies judge it: the leader named on the activity is only who led when it was published.
/// </summary>
internal sealed record ActivityRun(Activity Activity, Team Team);

internal static class ActivityLocking
{
    /// <summary>
    /// Reads the activity with its row locked until the transaction ends, so its counters (places
    /// taken, queue positions) and its hours are changed by one request at a time: 100 sign-ups
    /// for 10 places give exactly 10 places.
    /// </summary>
    public static async Task<Activity?> LockAsync(this TeamsDbContext db, Guid id, CancellationToken ct) =>
        (await db.Activities.FromSql($"SELECT * FROM activities WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();

    /// <summary>The activity (read, or locked by <see cref="LockAsync"/>) with its team and the team's deputies; null for no activity.</summary>
    public static async Task<ActivityRun?> RunOfAsync(this TeamsDbContext db, Activity? activity, CancellationToken ct) =>
        activity is null ? null : new ActivityRun(
            activity,
            await db.Teams.AsNoTracking().Include(t => t.Members.Where(m => m.Role == MemberRole.Deputy)).SingleAsync(t => t.Id == activity.TeamId, ct));

    /// <summary>The activity, unlocked, with its team as it is now.</summary>
    public static async Task<ActivityRun?> FindRunAsync(this TeamsDbContext db, Guid id, CancellationToken ct) =>
        await db.RunOfAsync(await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct), ct);
}
