using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Flags;

/// <summary>
/// The anti-gaming checks run as an attendee's activity hours are credited: many credits to one
/// volunteer in a short time, and hours far above the team's usual. They flag; they never block.
/// Times are the confirmations' (the events'), never the activity's day, which is what a cheat back-dates.
/// </summary>
internal sealed class ActivityFlags(PointsDbContext db, IOptionsSnapshot<FlagOptions> options)
{
    public async Task CheckAsync(ServiceHoursConfirmed hours, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.ActivityConfirmations.AnyAsync(c => c.ActivityId == hours.ActivityId && c.VolunteerId == hours.VolunteerId, ct))
        {
            return;
        }

        var rules = options.Value;
        // Npgsql stores instants in UTC only; an event may carry another offset.
        var at = hours.OccurredAt.ToUniversalTime();
        db.ActivityConfirmations.Add(new ActivityConfirmation
        {
            ActivityId = hours.ActivityId,
            VolunteerId = hours.VolunteerId,
            TeamId = hours.TeamId,
            CommunityId = hours.CommunityId,
            Hours = hours.Hours,
            ConfirmedAt = at,
        });

        var since = at - rules.ActivityBurstWindow;
        var inWindow = 1 + await db.ActivityConfirmations.CountAsync(c => c.VolunteerId == hours.VolunteerId && c.ConfirmedAt > since && c.ConfirmedAt <= at, ct);
        if (rules.IsBurst(inWindow))
        {
            Raise(FlagKind.ActivityBurst, new { creditsInWindow = inWindow, windowHours = rules.ActivityBurstWindow.TotalHours, limit = rules.ActivityBurstLimit, confirmedAt = at });
        }

        // The team's usual: the median of its other activity credits lately, so one long day of a few does not move it.
        var from = at - rules.TeamUsualLookback;
        var sample = db.ActivityConfirmations.Where(c => c.TeamId == hours.TeamId && c.ActivityId != hours.ActivityId && c.ConfirmedAt >= from && c.ConfirmedAt < at);
        var count = await sample.CountAsync(ct);
        var median = count == 0 ? null : await db.Database.SqlQuery<decimal?>(
            $"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::numeric AS "Value" FROM activity_confirmations
            WHERE team_id = {hours.TeamId} AND activity_id <> {hours.ActivityId} AND confirmed_at >= {from} AND confirmed_at < {at}
            """).SingleAsync(ct);
        if (rules.IsAboveTeamUsual(hours.Hours, median, count))
        {
            Raise(FlagKind.AboveTeamUsual, new { hours = hours.Hours, teamMedianHours = median, factor = rules.TeamUsualFactor, sample = count, lookbackDays = rules.TeamUsualLookback.TotalDays });
        }

        void Raise(FlagKind kind, object detail) =>
            db.Flags.Add(Flag.ForActivity(kind, hours.ActivityId, hours.VolunteerId, hours.TeamId, hours.CommunityId, JsonSerializer.Serialize(detail), now));
    }
}
