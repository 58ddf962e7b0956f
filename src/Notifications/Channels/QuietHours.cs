using Alliance.Contracts.Time;

namespace Alliance.Notifications.Channels;

/// <summary>22:00 to 07:00 on the street's clock (Asia/Shanghai): a notice that is not urgent waits for 07:00 to leave the app.</summary>
internal static class QuietHours
{
    public const int Start = 22;
    public const int End = 7;

    /// <summary>When a notice made at <paramref name="now"/> may go out: now, or the next 07:00 if now is quiet.</summary>
    public static DateTimeOffset NextSendable(DateTimeOffset now)
    {
        var local = Shanghai.LocalOf(now);
        if (local.Hour is >= End and < Start)
        {
            return now;
        }

        var day = local.Hour >= Start ? local.Date.AddDays(1) : local.Date;
        var seven = day.AddHours(End);
        return new DateTimeOffset(seven, Shanghai.Zone.GetUtcOffset(seven)).ToUniversalTime();
    }

    public static bool IsQuiet(DateTimeOffset now) => NextSendable(now) != now;
}
