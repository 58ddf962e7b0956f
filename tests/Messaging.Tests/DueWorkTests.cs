using Alliance.Messaging.DueWork;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Alliance.Messaging.Tests;

public sealed class DueWorkTests(Containers containers)
{
    [Fact]
    public async Task DueWork_RunsWhenTheClockReachesItsTime_NotBefore_AndItsRowIsGone()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("svc"), time: clock);
        var thing = Guid.NewGuid();
        await using (var db = service.CreateDb())
        {
            db.ScheduleDueWork(RecordingHandler.KindName, thing.ToString(), clock.GetUtcNow().AddMinutes(30));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        clock.Advance(TimeSpan.FromMinutes(29));
        for (var i = 0; i < 10; i++)
        {
            // The sweeper wakes on each step, while the item is not yet due.
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await service.CountAsync(thing, RecordingHandler.KindName));

        Assert.Equal(1, await clock.AdvanceUntilAsync(() => service.CountAsync(thing, RecordingHandler.KindName), n => n >= 1, TimeSpan.FromSeconds(10)));
        await using var check = service.CreateDb();
        Assert.False(await check.Set<DueWorkItem>().AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task FailingDueWork_IsPostponedWithBackoff_AndRunsOnceAfterTheFix()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
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

        Assert.Equal(1, await service.SettledCountAsync(thing, RecordingHandler.KindName));
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

        await Eventually.ReturnsAsync(Handled, h => h.Count >= things.Count);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var handled = await Handled();
        Assert.Equal(things.Order(), handled.Order());
    }
}
