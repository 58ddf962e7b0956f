using Alliance.Contracts.Time;

namespace Alliance.Notifications.Tests;

/// <summary>
/// The service's clock, set to a chosen hour of the street's day (Asia/Shanghai) and running on from
/// there in real time. Not a FakeTimeProvider: the due-work sweeper and the other background loops
/// sleep on the service's clock between rounds, and they must keep waking while a test waits for
/// them. Quiet hours (22:00 to 07:00) are the street's, so a test picks its hour instead of depending
/// on when it runs.
/// </summary>
public sealed class StreetClock : TimeProvider
{
    private long offsetTicks;

    /// <summary>Daytime by default (10:00 today in Shanghai), outside quiet hours.</summary>
    public StreetClock() => Set(new TimeOnly(10, 0));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>Makes it <paramref name="time"/> in Shanghai on the real day, and runs on from there.</summary>
    public void Set(TimeOnly time)
    {
        var real = System.GetUtcNow();
        var day = Shanghai.LocalOf(real).Date;
        var target = new DateTimeOffset(day.Add(time.ToTimeSpan()), Shanghai.Zone.GetUtcOffset(day)).ToUniversalTime();
        Interlocked.Exchange(ref offsetTicks, (target - real).Ticks);
    }

    /// <summary>Real time from now on: for what checks the service's clock against another's, as a token's expiry.</summary>
    public void RunOnRealTime() => Interlocked.Exchange(ref offsetTicks, 0);

    /// <summary>Moves the clock on by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
