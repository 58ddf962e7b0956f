using Alliance.Teams.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Standing;

internal enum StandingState
{
    Suspended,
    Reinstated,
    Erased,
}

/// <summary>
/// What Teams knows of a volunteer's standing from Volunteers' events: suspended, reinstated or
/// erased. Only volunteers who were ever suspended or erased have a row. A suspended or erased
/// volunteer leads and deputises nothing, even with a token that still carries the volunteer role
/// (tokens live on for minutes after Identity revokes the role).
/// </summary>
internal sealed class VolunteerStanding
{
    private VolunteerStanding()
    {
    }

    public Guid VolunteerId { get; private set; }

    public StandingState Standing { get; private set; }

    /// <summary>When the event that set the standing happened, so an older event arriving late changes nothing.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    public bool IsBarred => Standing != StandingState.Reinstated;

    public static VolunteerStanding Of(Guid volunteerId, StandingState standing, DateTimeOffset at) =>
        new() { VolunteerId = volunteerId, Standing = standing, ChangedAt = at };

    /// <summary>Applies a later change; an erasure is final, and an event older than the standing is ignored. Returns whether it changed.</summary>
    public bool Change(StandingState standing, DateTimeOffset at)
    {
        if (Standing == StandingState.Erased || (standing != StandingState.Erased && at <= ChangedAt))
        {
            return false;
        }

        (Standing, ChangedAt) = (standing, at);
        return true;
    }
}

internal static class Standings
{
    /// <summary>Whether the volunteer is suspended or erased: then they lead and deputise nothing.</summary>
    public static Task<bool> IsBarredAsync(this TeamsDbContext db, Guid volunteerId, CancellationToken ct) =>
        db.VolunteerStandings.AnyAsync(s => s.VolunteerId == volunteerId && s.Standing != StandingState.Reinstated, ct);

    /// <summary>Records a change of standing, creating the volunteer's row if it is their first.</summary>
    public static async Task<bool> RecordAsync(this TeamsDbContext db, Guid volunteerId, StandingState standing, DateTimeOffset at, CancellationToken ct)
    {
        var row = await db.VolunteerStandings.FirstOrDefaultAsync(s => s.VolunteerId == volunteerId, ct);
        if (row is null)
        {
            db.VolunteerStandings.Add(VolunteerStanding.Of(volunteerId, standing, at));
            return true;
        }

        return row.Change(standing, at);
    }
}
