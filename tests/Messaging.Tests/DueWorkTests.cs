using Alliance.Messaging.DueWork;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Alliance.Messaging.Tests;

public sealed class DueWorkTests(Containers containers)
{
    [Fact]
    public async Task DueWork_RunsWhenTheClockReachesItsTime_NotBefore_AndItsRowIsGone()
    {
        var clock = new WatchedClock(DateTimeOffset.UtcNow);
        await using var service = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("svc"), time: clock);
        var thing = Guid.NewGuid();
        await using (var db = service.CreateDb())
        {
            db.ScheduleDueWork(RecordingHandler.KindName, thing.ToString(), clock.GetUtcNow().AddMinutes(30));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // The sweeper sweeps at each of these times, while the item is not yet due, and goes back to sleep.
        await clock.AsleepAsync(TestHosts.DueWorkPoll);
        await clock.AdvanceThroughRoundAsync(TimeSpan.FromMinutes(29), TestHosts.DueWorkPoll);
        for (var i = 0; i < 3; i++)
        {
            await clock.AdvanceThroughRoundAsync(TimeSpan.FromSeconds(19), TestHosts.DueWorkPoll);
        }

        Assert.Equal(0, await service.CountAsync(thing, RecordingHandler.KindName));

        Assert.Equal(1, await clock.AdvanceUntilAsync(() => service.CountAsync(thing, RecordingHandler.KindName), n => n >= 1, TimeSpan.FromSeconds(10)));
        await using var check = service.CreateDb();
        Assert.False(await check.Set<DueWorkItem>().AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task FailingDueWork_IsPostponedWithBackoff_AndRunsOnceAfterTheFix()
    {
        var clock = new WatchedClock(DateTimeOffset.UtcNow);
        await using var service = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("svc"), time: clock);
        var thing = Guid.NewGuid();
        await using (var db = service.CreateDb())
        {
            db.ScheduleDueWork(RecordingHandler.KindName, $"fail-{thing}", clock.GetUtcNow());
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var postponed = await clock.AdvanceUntilAsync(async () =>
        {
            await using var db = service.CreateDb();
            return await db.Set<DueWorkItem>().AsNoTracking().SingleAsync();
        }, item => item.Attempts >= 1, TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, await service.CountAsync(thing, RecordingHandler.KindName));
        Assert.Equal("Not yet.", postponed.LastError);
        Assert.True(postponed.DueAt > clock.GetUtcNow());

        service.Get<PoisonSwitch>().Fixed = true;
        await clock.AdvanceUntilAsync(() => service.CountAsync(thing, RecordingHandler.KindName), n => n >= 1, TimeSpan.FromMilliseconds(500));

        // The effect and the deletion of the item's row commit together: with the row gone, nothing runs it again.
        Assert.Equal(1, await service.CountAsync(thing, RecordingHandler.KindName));
        await using var check = service.CreateDb();
        Assert.False(await check.Set<DueWorkItem>().AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DueWorkThatFailsTransiently_IsRetriedWithBackoffOfAtMostAMinute_AndNeverParked()
    {
        var clock = new WatchedClock(DateTimeOffset.UtcNow);
        await using var service = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("svc"), time: clock);
        await using (var db = service.CreateDb())
        {
            db.ScheduleDueWork(RecordingHandler.KindName, $"fail-{Guid.NewGuid()}", clock.GetUtcNow());
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Eight failures: uncapped, the back-off would be past two minutes by now.
        var item = await clock.AdvanceUntilAsync(async () =>
        {
            await using var db = service.CreateDb();
            return await db.Set<DueWorkItem>().AsNoTracking().SingleAsync();
        }, item => item.Attempts >= 8, TimeSpan.FromSeconds(15));

        Assert.Null(item.ParkedAt);
        Assert.True(item.DueAt - clock.GetUtcNow() <= TimeSpan.FromMinutes(1), $"due in {item.DueAt - clock.GetUtcNow()}");
    }

    [Fact]
    public async Task DueWorkThatCanNeverSucceed_IsParkedOnce_AndNotRunAgain()
    {
        var clock = new WatchedClock(DateTimeOffset.UtcNow);
        await using var service = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("svc"), time: clock);
        await using (var db = service.CreateDb())
        {
            db.ScheduleDueWork(RecordingHandler.KindName, $"never-{Guid.NewGuid()}", clock.GetUtcNow());
            db.ScheduleDueWork("a-kind-no-handler-knows", Guid.NewGuid().ToString(), clock.GetUtcNow());
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        async Task<List<DueWorkItem>> Items()
        {
            await using var db = service.CreateDb();
            return await db.Set<DueWorkItem>().AsNoTracking().OrderBy(d => d.Kind).ToListAsync();
        }

        await clock.AdvanceUntilAsync(Items, items => items.All(i => i.ParkedAt is not null), TimeSpan.FromSeconds(1));
        // An hour of sweeper rounds later, neither has been tried again.
        for (var i = 0; i < 3; i++)
        {
            await clock.AdvanceThroughRoundAsync(TimeSpan.FromMinutes(20), TestHosts.DueWorkPoll);
        }

        var parked = await Items();
        Assert.Equal(2, parked.Count);
        Assert.All(parked, item => Assert.Equal(1, item.Attempts));
        Assert.Contains(parked, item => item.LastError!.Contains("No handler", StringComparison.Ordinal));
        Assert.Contains(parked, item => item.LastError!.Contains("names nothing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoSweepersOnOneDatabase_HandleEveryItemExactlyOnce()
    {
        var database = await TestDatabases.CreateAsync(containers);
        var name = MessagingHost.UniqueService("svc");
        var things = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        await using (var setup = new TestDb(new DbContextOptionsBuilder<TestDb>().UseServiceDatabase(database).Options))
        {
            things.ForEach(t => setup.ScheduleDueWork(RecordingHandler.KindName, t.ToString(), DateTimeOffset.UtcNow.AddSeconds(-1)));
            await setup.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var first = await TestHosts.StartAsync(database, containers.RabbitMqConnectionString, name);
        await using var second = await TestHosts.StartAsync(database, containers.RabbitMqConnectionString, name);

        async Task<List<Guid>> Handled()
        {
            await using var db = first.CreateDb();
            return await db.Effects.Where(e => e.Consumer == RecordingHandler.KindName).Select(e => e.ThingId).ToListAsync();
        }

        // Each item's row goes with its handling: once none is left and no sweep is still open, the handled list is final.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = first.CreateDb();
            return !await db.Set<DueWorkItem>().AnyAsync();
        }, "Every item handled");
        await first.AwaitQuietAsync("due_work");
        var handled = await Handled();
        Assert.Equal(things.Order(), handled.Order());
    }
}
