using Microsoft.Extensions.Time.Testing;

namespace Alliance.Messaging.Tests;

/// <summary>Polls a condition that becomes true asynchronously, within a bounded time.</summary>
internal static class Eventually
{
    /// <summary>Returns the first value that satisfies the condition; throws if none does in time.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {limit.TotalSeconds:0} s; the last value was {value}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Moves a fake clock forward in small steps until the condition holds. Small steps, because a
    /// background loop that was busy when the clock moved waits for the next step to wake.
    /// </summary>
    public static Task<T> AdvanceUntilAsync<T>(this FakeTimeProvider clock, Func<Task<T>> probe, Func<T, bool> done, TimeSpan step) =>
        ReturnsAsync(async () =>
        {
            var value = await probe();
            if (!done(value))
            {
                clock.Advance(step);
            }

            return value;
        }, done);
}
