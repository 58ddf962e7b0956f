using System.Diagnostics;
using Alliance.Messaging.Outbox;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alliance.Benchmarks;

/// <summary>
/// Events per second and commit-to-consumed latency through outbox, broker and inbox, against
/// MassTransit publishing straight to the broker, in one run on this machine's containers.
/// </summary>
internal static class MessagingBenchmark
{
    private const int ThroughputEvents = 5000;
    private const int Writers = 16;
    private const int StraightInFlight = 64;
    private const int SteadyRate = 200;
    private static readonly TimeSpan SteadyDuration = TimeSpan.FromSeconds(15);

    public static async Task<BenchReport> RunAsync(BenchContext _)
    {
        var containers = new Containers();
        await containers.StartAsync();
        try
        {
            var arrivals = new Arrivals();
            await using var publisher = await StartAsync(containers, "benchpub", arrivals, consumers: null);
            await using var consumer = await StartAsync(containers, "benchcon", arrivals, bus =>
            {
                bus.AddConsumer<InboxPingConsumer>();
                bus.AddConsumer<PlainPingConsumer>();
            });
            var straight = publisher.Get<IBus>();

            Console.WriteLine("Warming up...");
            await OutboxThroughputAsync(publisher, arrivals, 500);
            await StraightThroughputAsync(straight, arrivals, 500, () => new PingedStraight(Guid.CreateVersion7(), Stopwatch.GetTimestamp()));

            var report = new BenchReport("messaging", $"Messaging (MassTransit 8.5.12, RabbitMQ {Image("ALLIANCE_RABBITMQ_IMAGE")}, PostgreSQL {Image("ALLIANCE_POSTGRES_IMAGE")})");
            var outbox = report.Declare("commit → outbox → broker → inbox + effect, one event per commit", "events/s");
            var outboxBatched = report.Declare("the same, ten events per commit", "events/s");
            var inboxOnly = report.Declare("straight publish → inbox + effect (no outbox)", "events/s");
            var plain = report.Declare("straight publish → consume (no outbox, no inbox)", "events/s");
            var ratio = report.Declare("outbox / straight publish → inbox + effect", "ratio", "≥ 0.6", v => v >= 0.6);
            var outboxP50 = report.Declare($"outbox: commit → consumed p50 at {SteadyRate}/s", "ms");
            var outboxP99 = report.Declare($"outbox: commit → consumed p99 at {SteadyRate}/s", "ms", "≤ 15", v => v <= 15);
            var plainP50 = report.Declare($"straight: publish → consumed p50 at {SteadyRate}/s", "ms");
            var plainP99 = report.Declare($"straight: publish → consumed p99 at {SteadyRate}/s", "ms");
            report.Notes.Add($"Throughput: {ThroughputEvents} events, {Writers} writers committing (outbox) or {StraightInFlight} publishes in flight (straight); latency: {SteadyRate} events/s for {SteadyDuration.TotalSeconds:0} s, each path alone.");
            for (var run = 1; run <= BenchReport.Runs; run++)
            {
                Console.WriteLine($"Run {run} of {BenchReport.Runs}: throughput...");
                outbox.Record(await OutboxThroughputAsync(publisher, arrivals, ThroughputEvents));
                outboxBatched.Record(await OutboxThroughputAsync(publisher, arrivals, ThroughputEvents, eventsPerCommit: 10));
                plain.Record(await StraightThroughputAsync(straight, arrivals, ThroughputEvents,
                    () => new PingedStraight(Guid.CreateVersion7(), Stopwatch.GetTimestamp())));
                inboxOnly.Record(await StraightThroughputAsync(straight, arrivals, ThroughputEvents,
                    () => new Pinged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, 0, Stopwatch.GetTimestamp())));
                ratio.Record(outbox.Values[^1] / inboxOnly.Values[^1]);

                Console.WriteLine($"Run {run} of {BenchReport.Runs}: latency at a steady {SteadyRate}/s for {SteadyDuration.TotalSeconds:0} s...");
                var outboxLatency = await SteadyAsync(arrivals, (i, ticks) => CommitOneAsync(publisher, i, ticks));
                var straightLatency = await SteadyAsync(arrivals, (i, ticks) =>
                    straight.Publish(new PingedStraight(Guid.CreateVersion7(), ticks)));
                outboxP50.Record(outboxLatency.P50);
                outboxP99.Record(outboxLatency.P99);
                plainP50.Record(straightLatency.P50);
                plainP99.Record(straightLatency.P99);
            }

            return report;
        }
        finally
        {
            await containers.DisposeAsync();
        }
    }

    private static Task<MessagingHost<BenchDb>> StartAsync(Containers containers, string service, Arrivals arrivals, Action<IBusRegistrationConfigurator>? consumers) =>
        containers.CreateDatabaseAsync().ContinueWith(async database =>
        {
            var connectionString = await database;
            await using (var db = new BenchDb(new DbContextOptionsBuilder<BenchDb>().UseServiceDatabase(connectionString).Options))
            {
                await db.Database.EnsureCreatedAsync();
            }

            return await MessagingHost.StartAsync<BenchDb>(connectionString, containers.RabbitMqConnectionString, service, consumers,
                services: services => services.AddSingleton(arrivals));
        }).Unwrap();

    private static async Task CommitOneAsync(MessagingHost<BenchDb> publisher, int sequence, long ticks, int events = 1)
    {
        await using var db = publisher.CreateDb();
        for (var i = 0; i < events; i++)
        {
            db.Publish(new Pinged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, sequence + i, ticks));
        }

        await db.SaveChangesAsync();
    }

    private static async Task<double> OutboxThroughputAsync(MessagingHost<BenchDb> publisher, Arrivals arrivals, int count, int eventsPerCommit = 1)
    {
        arrivals.Clear();
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count / eventsPerCommit)
            {
                await CommitOneAsync(publisher, i * eventsPerCommit, Stopwatch.GetTimestamp(), eventsPerCommit);
            }
        }));
        var committed = Stopwatch.GetElapsedTime(started);
        await WaitForAsync(arrivals, count);
        Console.WriteLine($"  outbox: {count / eventsPerCommit} commits of {eventsPerCommit} took {committed.TotalSeconds:0.00} s; all consumed after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s");
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> StraightThroughputAsync<T>(IBus bus, Arrivals arrivals, int count, Func<T> create)
        where T : class
    {
        arrivals.Clear();
        var started = Stopwatch.GetTimestamp();
        using var inFlight = new SemaphoreSlim(StraightInFlight);
        var publishes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await inFlight.WaitAsync();
            publishes.Add(bus.Publish(create())
                .ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(publishes);
        await WaitForAsync(arrivals, count);
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Starts one send every 1/rate seconds, on schedule whatever the earlier ones are doing.</summary>
    private static async Task<(double P50, double P99)> SteadyAsync(Arrivals arrivals, Func<int, long, Task> send)
    {
        arrivals.Clear();
        var count = (int)(SteadyRate * SteadyDuration.TotalSeconds);
        var interval = Stopwatch.Frequency / SteadyRate;
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = started + (i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = TimeSpan.FromTicks((due - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            sends.Add(send(i, Stopwatch.GetTimestamp()));
        }

        await Task.WhenAll(sends);
        await WaitForAsync(arrivals, count);
        var latencies = arrivals.LatencyTicks.Values.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task WaitForAsync(Arrivals arrivals, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (arrivals.LatencyTicks.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {arrivals.LatencyTicks.Count} of {count} events arrived within 2 minutes.");
            }

            await Task.Delay(10);
        }
    }

    private static string Image(string setting) =>
        Environment.GetEnvironmentVariable(setting) is { Length: > 0 } image ? image.Split(':')[^1] : "official";
}
