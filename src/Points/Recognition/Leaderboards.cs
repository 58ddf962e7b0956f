using Alliance.Points.Data;
using Alliance.ServiceDefaults.People;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Recognition;

/// <summary>A place on a board: a volunteer's or a team's id, and for a volunteer the name they chose to appear by there (null for a team, and when Identity did not answer).</summary>
internal sealed record Standing(int Rank, Guid Id, string? Name, long Points)
{
    /// <summary>
    /// The volunteers' standings with names from one look-up for the page: the placeholder for the anonymous and the erased.
    /// An erasure moves a ledger to a random (version 4) id that Points made and Identity never knew, unlike an account's
    /// version 7: that standing is an erased person's.
    /// </summary>
    public static async Task<IReadOnlyList<Standing>> NamedAsync(IReadOnlyList<Standing> standings, DisplayNames displayNames, bool forLeaderboard, CancellationToken ct)
    {
        var names = await displayNames.ForAsync(standings.Select(s => s.Id).Where(id => id.Version != 4), ct);
        return [.. standings.Select(s => s with { Name = s.Id.Version == 4 ? NameBook.ErasedName : forLeaderboard ? names.LeaderboardNameOf(s.Id) : names.NameOf(s.Id) })];
    }
}

/// <summary>
/// Points earned in a period (credits and adjustments by the day they were earned, never the day of
/// service a confirmer could back-date; spending and expiry do not lower a standing), highest first;
/// ties share a rank and are listed by id. A period is whole months, summed from the months' totals
/// (<see cref="MonthlyEarning"/>), never from the ledger's entries.
/// </summary>
internal static class Leaderboards
{
    public static IQueryable<MonthlyEarning> Earned(this PointsDbContext db, Period period, string? communityId = null, Guid? teamId = null)
    {
        var earned = db.MonthlyEarnings.AsNoTracking().Where(m => m.Month >= period.From && m.Month < period.Until);
        if (communityId is not null)
        {
            earned = earned.Where(m => m.CommunityId == communityId);
        }

        return teamId is { } team ? earned.Where(m => m.TeamId == team) : earned;
    }

    public static async Task<IReadOnlyList<Standing>> VolunteersAsync(IQueryable<MonthlyEarning> earned, int top, CancellationToken ct)
    {
        var rows = await earned.GroupBy(m => m.VolunteerId)
            .Select(g => new { Id = g.Key, Points = g.Sum(m => m.Points) })
            .Where(r => r.Points > 0)
            .OrderByDescending(r => r.Points).ThenBy(r => r.Id).Take(top).ToListAsync(ct);
        return Rank(rows.Select(r => (r.Id, r.Points)));
    }

    public static async Task<IReadOnlyList<Standing>> TeamsAsync(IQueryable<MonthlyEarning> earned, int top, CancellationToken ct)
    {
        var rows = await earned.Where(m => m.TeamId != null).GroupBy(m => m.TeamId!.Value)
            .Select(g => new { Id = g.Key, Points = g.Sum(m => m.Points) })
            .Where(r => r.Points > 0)
            .OrderByDescending(r => r.Points).ThenBy(r => r.Id).Take(top).ToListAsync(ct);
        return Rank(rows.Select(r => (r.Id, r.Points)));
    }

    private static List<Standing> Rank(IEnumerable<(Guid Id, long Points)> ordered)
    {
        var standings = new List<Standing>();
        foreach (var (id, points) in ordered)
        {
            var rank = standings.Count > 0 && standings[^1].Points == points ? standings[^1].Rank : standings.Count + 1;
            standings.Add(new(rank, id, null, points));
        }

        return standings;
    }
}
