using System.Globalization;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Time;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Flags;

/// <summary>The anti-gaming checks run as each helper of a confirmed need is credited. They flag; they never block.</summary>
internal sealed class NeedFlags(PointsDbContext db, IOptionsSnapshot<FlagOptions> options)
{
    public async Task CheckAsync(NeedConfirmed need, Guid volunteer, decimal hours, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.NeedConfirmations.AnyAsync(c => c.NeedId == need.NeedId && c.VolunteerId == volunteer, ct))
        {
            return;
        }

        var rules = options.Value;
        var month = Shanghai.DateOf(need.ConfirmedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        db.NeedConfirmations.Add(new NeedConfirmation
        {
            NeedId = need.NeedId,
            VolunteerId = volunteer,
            RequesterId = need.RequesterId,
            Month = month,
            Rating = need.Rating,
            ConfirmedAt = need.ConfirmedAt.ToUniversalTime(),
        });

        var pairCount = 1 + await db.NeedConfirmations.CountAsync(c => c.RequesterId == need.RequesterId && c.VolunteerId == volunteer && c.Month == month, ct);
        if (rules.IsRepeatPair(pairCount))
        {
            Raise(FlagKind.RepeatPair, new { month, confirmedNeeds = pairCount, limit = rules.PairMonthlyLimit });
        }

        var elapsed = need.CompletedAt - need.StartedAt;
        var toConfirmation = need.ConfirmedAt - need.StartedAt;
        if (rules.IsFastFiveStar(need.Rating, toConfirmation, hours, elapsed))
        {
            Raise(FlagKind.FastFiveStar, new
            {
                rating = need.Rating,
                startedAt = need.StartedAt,
                completedAt = need.CompletedAt,
                confirmedAt = need.ConfirmedAt,
                minutesFromStartToConfirmation = Math.Round(toConfirmation.TotalMinutes, 1),
                minimumMinutes = rules.FiveStarMinimumDuration.TotalMinutes,
                hoursReported = hours,
                hoursElapsed = Math.Round(elapsed.TotalHours, 2),
                tooQuick = toConfirmation < rules.FiveStarMinimumDuration,
                moreHoursThanTime = (double)hours > elapsed.TotalHours,
            });
        }

        if (rules.IsTimerWithManyHours(need.ConfirmedBy == NeedConfirmer.Timer, hours))
        {
            Raise(FlagKind.TimerManyHours, new { confirmedBy = need.ConfirmedBy, hours, limit = rules.TimerHoursLimit, completedAt = need.CompletedAt, confirmedAt = need.ConfirmedAt });
        }

        var requester = await db.KnownAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.AccountId == need.RequesterId, ct);
        if (rules.IsNewRequester(requester?.CreatedAt, need.ClaimedAt))
        {
            Raise(FlagKind.NewRequester, new
            {
                accountCreatedAt = requester!.CreatedAt,
                claimedAt = need.ClaimedAt,
                accountAgeHours = Math.Round((need.ClaimedAt - requester.CreatedAt).TotalHours, 1),
                minimumAgeDays = rules.NewRequesterAge.TotalDays,
                assisted = requester.Assisted,
            });
        }

        // The NeedConfirmation row above makes each check run once per (need, helper), so each flag is raised once.
        void Raise(FlagKind kind, object detail) =>
            db.Flags.Add(Flag.ForNeed(kind, need.NeedId, volunteer, need.RequesterId, need.TeamId, need.CommunityId, JsonSerializer.Serialize(detail), now));
    }
}
