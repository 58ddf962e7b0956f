using Alliance.Messaging.DueWork;
using Alliance.Needs.Board;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Timers;

/// <summary>How long each step of a need may wait; configuration section <c>Needs:Timers</c>.</summary>
internal sealed class NeedTimerOptions
{
    /// <summary>A claim not accepted within this raises <c>NeedClaimEscalated</c> for the grid worker.</summary>
    public TimeSpan AcceptWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An accepted claim not started within this after acceptance (or after the window opens, if later) returns the need to the board.</summary>
    public TimeSpan StartWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A completion neither confirmed nor disputed within this many days is confirmed by the timer, with no rating.</summary>
    public int ConfirmWithinDays { get; set; } = 7;
}

/// <summary>
/// The due work of a need's life. Each item's key is the need and the instant of the step it waits
/// on (claim, acceptance, completion), so a later claim's timer never acts on an earlier one's, and a
/// handler whose step has passed does nothing.
/// </summary>
internal static class NeedTimers
{
    public const string Escalation = "need-claim-escalation";
    public const string StartTimeout = "need-start-timeout";
    public const string AutoConfirm = "need-auto-confirm";
    public const string Expiry = "need-expiry";

    public static void AfterPosting(DbContext db, Need need) =>
        db.ScheduleDueWork(Expiry, Key(need.Id, need.PostedAt), need.WantedUntil);

    public static void AfterClaim(DbContext db, Need need, NeedTimerOptions options) =>
        db.ScheduleDueWork(Escalation, Key(need.Id, need.ClaimedAt!.Value), need.ClaimedAt.Value + options.AcceptWithin);

    public static void AfterAcceptance(DbContext db, Need need, NeedTimerOptions options)
    {
        var accepted = need.AcceptedAt!.Value;
        db.ScheduleDueWork(StartTimeout, Key(need.Id, accepted), (accepted > need.WantedFrom ? accepted : need.WantedFrom) + options.StartWithin);
    }

    public static void AfterCompletion(DbContext db, Need need, NeedTimerOptions options) =>
        db.ScheduleDueWork(AutoConfirm, Key(need.Id, need.CompletedAt!.Value), need.CompletedAt.Value.AddDays(options.ConfirmWithinDays));

    /// <summary>Back on the board: if its window has ended meanwhile, it expires now (the posting's timer has passed).</summary>
    public static void AfterReopening(DbContext db, Need need, DateTimeOffset now)
    {
        if (need.WantedUntil <= now)
        {
            db.ScheduleDueWork(Expiry, Key(need.Id, now), now);
        }
    }

    /// <summary>The need's id and the step's instant in microseconds (what PostgreSQL keeps of it).</summary>
    public static string Key(Guid needId, DateTimeOffset step) => $"{needId}:{Micros(step)}";

    public static (Guid NeedId, long Step) ParseKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return (Guid.Parse(key.AsSpan(0, colon)), long.Parse(key.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static bool IsStep(DateTimeOffset? instant, long step) => instant is { } value && Micros(value) == step;

    private static long Micros(DateTimeOffset instant) => instant.UtcTicks / 10;
}
