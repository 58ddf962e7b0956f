using Microsoft.Extensions.Time.Testing;

namespace Alliance.Messaging.Tests;

/// <summary>Polls a condition that becomes true asynchronously, within a bounded time.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
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
