using Alliance.Testing;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging.Tests;

internal static class Effects
{
    public static async Task<int> CountAsync(this MessagingHost<TestDb> host, Guid thingId, string consumer)
    {
        await using var db = host.CreateDb();
        return await db.Effects.CountAsync(e => e.ThingId == thingId && e.Consumer == consumer);
    }

    /// <summary>Waits until the count reaches <paramref name="expected"/>, then lets a little more time pass, so extras show.</summary>
    public static async Task<int> SettledCountAsync(this MessagingHost<TestDb> host, Guid thingId, string consumer, int expected = 1)
    {
        await Eventually.ReturnsAsync(() => host.CountAsync(thingId, consumer), n => n >= expected);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await host.CountAsync(thingId, consumer);
    }
}
