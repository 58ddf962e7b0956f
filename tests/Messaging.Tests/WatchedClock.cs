using System.Collections.Concurrent;
using Alliance.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alliance.Messaging.Tests;

/// <summary>
/// A fake clock that also shows when a background loop has gone back to sleep on it. The outbox
/// dispatcher and the due-work sweeper wait on the service's clock between rounds, each for its own
/// poll interval (<see cref="TestHosts"/>), so a new timer of that length means a round has ended:
/// the loop looked at its table at the clock's time and did all it was going to do. That is the
/// positive marker after which "it did not run" is a fact, where a real-time pause was a guess.
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentDictionary<TimeSpan, int> sleeps = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        sleeps.AddOrUpdate(dueTime, 1, (_, n) => n + 1);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits until the loop that polls every <paramref name="interval"/> has finished its first round.</summary>
    public Task AsleepAsync(TimeSpan interval) =>
        Eventually.TrueAsync(() => Task.FromResult(Sleeps(interval) > 0), $"the first round of the loop that polls every {interval}");

    /// <summary>
    /// Moves the clock on, and returns once the loop that polls every <paramref name="interval"/> has
    /// run a round at the new time and gone back to sleep. Call it while that loop sleeps.
    /// </summary>
    public async Task AdvanceThroughRoundAsync(TimeSpan by, TimeSpan interval)
    {
        var before = Sleeps(interval);
        Advance(by);
        await Eventually.TrueAsync(() => Task.FromResult(Sleeps(interval) > before), $"a round of the loop that polls every {interval}");
    }

    private int Sleeps(TimeSpan interval) => sleeps.GetValueOrDefault(interval);
}
