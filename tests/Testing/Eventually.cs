using Microsoft.Extensions.Time.Testing;

namespace Alliance.Testing;

/// <summary>
/// Waits for what happens asynchronously (an event's effect in another service, a row the sweeper
/// writes) by polling within a bounded time, never by a fixed sleep. A check that something did
/// NOT happen waits for a positive marker that must come after it instead (a later event, the
/// outbox row of the request, the inbox's row), or reads the outbox, which the request wrote.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns the first value that satisfies the condition; throws, naming <paramref name="what"/>, if none does in time.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string? what = null, TimeSpan? within = null)
    {
        var limit = within ?? DefaultLimit;
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
                throw new TimeoutException($"{what ?? "The condition"} did not come true within {limit.TotalSeconds:0} s; the last value was {value}.");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Returns the first value the probe finds (not null); throws, naming <paramref name="what"/>, if none turns up in time.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? within = null) where T : class =>
        (await ReturnsAsync(probe, value => value is not null, what, within))!;

    /// <summary>Returns the first value the probe finds (not null); throws, naming <paramref name="what"/>, if none turns up in time.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? within = null) where T : struct =>
        (await ReturnsAsync(probe, value => value is not null, what, within))!.Value;

    /// <summary>Waits until the condition holds; throws, naming <paramref name="what"/>, if it does not in time.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null) =>
        ReturnsAsync(condition, holds => holds, what, within);

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
