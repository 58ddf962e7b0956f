using Alliance.Teams.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

internal static class ActivityLocking
{
    /// <summary>
    /// Reads the activity with its row locked until the transaction ends, so its counters (places
    /// taken, queue positions) and its hours are changed by one request at a time: 100 sign-ups
    /// for 10 places give exactly 10 places.
    /// </summary>
    public static async Task<Activity?> LockAsync(this TeamsDbContext db, Guid id, CancellationToken ct) =>
        (await db.Activities.FromSql($"SELECT * FROM activities WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
}
