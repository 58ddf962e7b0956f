using System.Globalization;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Time;
using Alliance.Points.Data;
using Alliance.Points.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Flags;

/// <summary><c>Points:Flags</c>.</summary>
internal sealed class FlagOptions
{
    public const string Section = "Points:Flags";

    /// <summary>More confirmed needs than this between one resident and one volunteer in a month raises a flag.</summary>
    public int PairMonthlyLimit { get; set; } = 4;

    /// <summary>Five stars confirmed sooner than this after the work started raises a flag.</summary>
    public TimeSpan FiveStarMinimumDuration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The anti-gaming checks, run as each helper of a confirmed need is credited. They flag; they never block.</summary>
internal sealed class FlagRules(PointsDbContext db, IOptionsSnapshot<FlagOptions> options)
{
    public async Task CheckAsync(NeedConfirmed need, Guid volunteer, decimal hours, DateTimeOffset now, CancellationToken ct)
    {
        var month = Shanghai.DateOf(need.ConfirmedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await db.NeedConfirmations.AnyAsync(c => c.NeedId == need.NeedId && c.VolunteerId == volunteer, ct))
        {
            return;
        }

        db.NeedConfirmations.Add(new NeedConfirmation
        {
            NeedId = need.NeedId,
            VolunteerId = volunteer,
            RequesterId = need.RequesterId,
            Month = month,
            Rating = need.Rating,
            ConfirmedAt = need.ConfirmedAt,
        });

        var limit = options.Value.PairMonthlyLimit;
        var pairCount = 1 + await db.NeedConfirmations.CountAsync(c => c.RequesterId == need.RequesterId && c.VolunteerId == volunteer && c.Month == month, ct);
        var pairKey = $"{need.RequesterId}:{volunteer}:{month}";
        if (pairCount > limit && !await db.Flags.AnyAsync(f => f.Kind == FlagKind.RepeatPair && f.Key == pairKey, ct))
        {
            db.Flags.Add(Flag.Raise(FlagKind.RepeatPair, pairKey, volunteer, need.RequesterId, need.NeedId, need.CommunityId,
                JsonSerializer.Serialize(new { month, confirmedNeeds = pairCount, limit }), now));
        }

        if (need.Rating == 5)
        {
            var elapsed = need.CompletedAt - need.StartedAt;
            var toConfirmation = need.ConfirmedAt - need.StartedAt;
            var tooQuick = toConfirmation < options.Value.FiveStarMinimumDuration;
            var moreHoursThanTime = (double)hours > elapsed.TotalHours;
            if (tooQuick || moreHoursThanTime)
            {
                db.Flags.Add(Flag.Raise(FlagKind.FastFiveStar, $"{need.NeedId}:{volunteer}", volunteer, need.RequesterId, need.NeedId, need.CommunityId,
                    JsonSerializer.Serialize(new
                    {
                        rating = 5,
                        startedAt = need.StartedAt,
                        completedAt = need.CompletedAt,
                        confirmedAt = need.ConfirmedAt,
                        minutesFromStartToConfirmation = Math.Round(toConfirmation.TotalMinutes, 1),
                        minimumMinutes = options.Value.FiveStarMinimumDuration.TotalMinutes,
                        hoursReported = hours,
                        hoursElapsed = Math.Round(elapsed.TotalHours, 2),
                        tooQuick,
                        moreHoursThanTime,
                    }),
                    now));
            }
        }
    }
}
