using Alliance.Teams.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Figures;

/// <summary>
/// A team's figures: its members, activities held or planned (not cancelled), hours confirmed at
/// them, and the needs it served (confirmed by Needs) with their helpers' hours.
/// </summary>
internal sealed record TeamFigures(int Members, int Activities, decimal HoursConfirmed, int NeedsServed, decimal NeedHours)
{
    public static async Task<TeamFigures> OfAsync(TeamsDbContext db, Guid teamId, CancellationToken ct) => new(
        await db.Members.CountAsync(m => m.TeamId == teamId, ct),
        await db.Activities.CountAsync(a => a.TeamId == teamId && a.CancelledAt == null, ct),
        await db.SignUps.Where(s => s.HoursConfirmedAt != null && db.Activities.Any(a => a.Id == s.ActivityId && a.TeamId == teamId)).SumAsync(s => s.Hours ?? 0m, ct),
        await db.ServedNeeds.CountAsync(s => s.TeamId == teamId, ct),
        await db.ServedNeeds.Where(s => s.TeamId == teamId).SumAsync(s => s.HelperHours, ct));
}
