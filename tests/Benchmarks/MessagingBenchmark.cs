using System.Diagnostics;
using System.Diagnostics.Metrics;
using Alliance.Messaging;
using Alliance.Messaging.Outbox;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alliance.Benchmarks;

/// <summary>
/// Events per second and commit-to-consumed latency through outbox, broker and inbox, against
/// MassTransit publishing straight to the broker, in one run on this machine's containers. Each run
/// has two phases: throughput (as fast as it goes), then, once that has drained, latency at a steady
/// rate, each path alone.
/// </summary>
internal static class MessagingBenchmark
{
    private const int ThroughputEvents = 5000;
    private const int Writers = 16;
    private const int StraightInFlight = 64;
    private const int SteadyRate = 200;
    private static readonly TimeSpan SteadyWarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SteadyDuration = TimeSpan.FromSeconds(30);

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
            Task CommitOne(int i, long ticks) => CommitOneAsync(publisher, arrivals, i, ticks);
            Task PublishInbox() => straight.Publish(new Pinged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, 0, Stopwatch.GetTimestamp()));
            Task PublishPlain(long ticks) => straight.Publish(new PingedStraight(Guid.CreateVersion7(), ticks));

            Console.WriteLine("Warming up...");
            await OutboxThroughputAsync(publisher, arrivals, 500);
            await StraightThroughputAsync(arrivals, 500, PublishInbox);
            await StraightThroughputAsync(arrivals, 500, () => PublishPlain(Stopwatch.GetTimestamp()));

            var report = new BenchReport("messaging", $"Messaging (MassTransit 8.5.12, RabbitMQ {Image("ALLIANCE_RABBITMQ_IMAGE")}, PostgreSQL {Image("ALLIANCE_POSTGRES_IMAGE")})");
            var outbox = report.Declare("commit → outbox → broker → inbox + effect, one event per commit", "events/s");
            var outboxBatched = report.Declare("the same, ten events per commit", "events/s");
            var inboxOnly = report.Declare("straight publish → inbox + effect (no outbox)", "events/s");
            var plain = report.Declare("straight publish → consume (no outbox, no inbox)", "events/s");
            var ratio = report.Declare("outbox / straight publish → inbox + effect, one event per commit", "ratio", "≥ 0.6", v => v >= 0.6);
            var outboxP50 = report.Declare($"outbox: commit → consumed p50 at {SteadyRate}/s", "ms");
            var outboxP99 = report.Declare($"outbox: commit → consumed p99 at {SteadyRate}/s", "ms", "≤ 15", v => v <= 15);
            var outboxP999 = report.Declare($"outbox: commit → consumed p99.9 at {SteadyRate}/s", "ms");
            var commitP99 = report.Declare("outbox p99, stage 1: the writer's commit (due → committed)", "ms");
            var dispatchP99 = report.Declare("outbox p99, stage 2: committed → the consumer begins (outbox, dispatcher round, broker)", "ms");
            var consumerP99 = report.Declare("outbox p99, stage 3: the consumer's inbox + effect transaction", "ms");
            var plainP50 = report.Declare($"straight: publish → consumed p50 at {SteadyRate}/s", "ms");
            var plainP99 = report.Declare($"straight: publish → consumed p99 at {SteadyRate}/s", "ms");
            var plainP999 = report.Declare($"straight: publish → consumed p99.9 at {SteadyRate}/s", "ms");
            var gcPauses = report.Declare("GC pauses during both latency windows, in all", "ms");
            report.Notes.Add($"Throughput: {ThroughputEvents} events, {Writers} writers committing (outbox) or {StraightInFlight} publishes in flight (straight), from the first send until the last effect; the ratio is the two inbox paths', like for like.");
            report.Notes.Add($"Latency: after the throughput phase has drained (no unsent outbox row, every event consumed), its tables vacuumed and a checkpoint and a full GC done, each path alone at {SteadyRate} events/s: {SteadyWarmUp.TotalSeconds:0} s of warm-up, then {SteadyDuration.TotalSeconds:0} s measured ({SteadyRate * SteadyDuration.TotalSeconds:0} events). A thread of its own paces the sends (no spinning on the thread pool); each send's clock starts when it is due to go, before the outbox path's commit.");
            if (Settings() is { Count: > 0 } tried)
            {
                report.Notes.Add($"Settings tried (ALLIANCE_BENCH_MESSAGING): {string.Join(", ", tried.Select(s => $"{s.Key}={s.Value}"))}.");
            }

            report.Notes.Add("Publisher, consumer and load share one process; PostgreSQL and RabbitMQ run in containers on the same two cores.");
            var latestSend = 0.0;
            for (var run = 1; run <= BenchReport.Runs; run++)
            {
                Console.WriteLine($"Run {run} of {BenchReport.Runs}: throughput...");
                outbox.Record(await OutboxThroughputAsync(publisher, arrivals, ThroughputEvents));
                outboxBatched.Record(await OutboxThroughputAsync(publisher, arrivals, ThroughputEvents, eventsPerCommit: 10));
                plain.Record(await StraightThroughputAsync(arrivals, ThroughputEvents, () => PublishPlain(Stopwatch.GetTimestamp())));
                inboxOnly.Record(await StraightThroughputAsync(arrivals, ThroughputEvents, PublishInbox));
                ratio.Record(outbox.Values[^1] / inboxOnly.Values[^1]);

                Console.WriteLine($"Run {run} of {BenchReport.Runs}: draining, then latency at a steady {SteadyRate}/s...");
                await DrainAsync(publisher, consumer);
                var pausedBefore = GC.GetTotalPauseDuration();
                var outboxLatency = await SteadyAsync("outbox", arrivals, CommitOne);
                var straightLatency = await SteadyAsync("straight", arrivals, (_, ticks) => PublishPlain(ticks));
                gcPauses.Record((GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
                latestSend = Math.Max(latestSend, Math.Max(outboxLatency.Lateness, straightLatency.Lateness));
                outboxP50.Record(outboxLatency.P50);
                outboxP99.Record(outboxLatency.P99);
                outboxP999.Record(outboxLatency.P999);
                if (outboxLatency.Stages is { } stages)
                {
                    commitP99.Record(stages.Commit);
                    dispatchP99.Record(stages.Dispatch);
                    consumerP99.Record(stages.Consumer);
                }
                plainP50.Record(straightLatency.P50);
                plainP99.Record(straightLatency.P99);
                plainP999.Record(straightLatency.P999);
            }

            // The pacing thread only sleeps: when it starts a send late, every thread of the machine was waiting for a core.
            report.Notes.Add($"The pacing thread started a send up to {latestSend:0.0} ms late in the latency windows: how long the machine kept a runnable thread off the cores, which lands in the tail of both paths.");
            report.Notes.Add("What limits throughput and latency now (two commits per event that wait for the disk on the outbox path, full dispatcher rounds under load, one dispatcher round and the consumer's transaction per event at 200/s; the stages' p99s say which stage a tail comes from): docs/messaging.md.");
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
                settings: Settings(), services: services => services.AddSingleton(arrivals));
        }).Unwrap();

    private static async Task CommitOneAsync(MessagingHost<BenchDb> publisher, Arrivals arrivals, int sequence, long ticks, int events = 1)
    {
        await using var db = publisher.CreateDb();
        var ids = new Guid[events];
        for (var i = 0; i < events; i++)
        {
            ids[i] = Guid.CreateVersion7();
            db.Publish(new Pinged(ids[i], DateTimeOffset.UtcNow, null, sequence + i, ticks));
        }

        await db.SaveChangesAsync();
        foreach (var id in ids)
        {
            arrivals.Committed(id, ticks);
        }
    }

    private static async Task<double> OutboxThroughputAsync(MessagingHost<BenchDb> publisher, Arrivals arrivals, int count, int eventsPerCommit = 1)
    {
        using var rounds = new DispatchRounds();
        arrivals.Clear();
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count / eventsPerCommit)
            {
                await CommitOneAsync(publisher, arrivals, i * eventsPerCommit, Stopwatch.GetTimestamp(), eventsPerCommit);
            }
        }));
        var committed = Stopwatch.GetElapsedTime(started);
        await WaitForAsync(arrivals, count);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  outbox: {count / eventsPerCommit} commits of {eventsPerCommit} took {committed.TotalSeconds:0.00} s; all consumed after {elapsed.TotalSeconds:0.00} s ({count / elapsed.TotalSeconds:0}/s); {rounds.Describe()}");
        return count / elapsed.TotalSeconds;
    }

    private static async Task<double> StraightThroughputAsync(Arrivals arrivals, int count, Func<Task> publish)
    {
        arrivals.Clear();
        var started = Stopwatch.GetTimestamp();
        using var inFlight = new SemaphoreSlim(StraightInFlight);
        var publishes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await inFlight.WaitAsync();
            publishes.Add(publish().ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(publishes);
        await WaitForAsync(arrivals, count);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  straight: {count} published and consumed after {elapsed.TotalSeconds:0.00} s ({count / elapsed.TotalSeconds:0}/s)");
        return count / elapsed.TotalSeconds;
    }

    /// <summary>
    /// Lets the throughput phase finish before latency is measured: no unsent outbox row, the dead rows
    /// its updates left vacuumed, its dirty pages written, its garbage collected.
    /// </summary>
    private static async Task DrainAsync(MessagingHost<BenchDb> publisher, MessagingHost<BenchDb> consumer)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        await using (var db = publisher.CreateDb())
        {
            while (await db.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The outbox still had unsent rows after 2 minutes.");
                }

                await Task.Delay(50);
            }

            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE outbox");
            await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
        }

        await using (var db = consumer.CreateDb())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE inbox");
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE pings");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(1000);
    }

    /// <summary>
    /// A warm-up, then <see cref="SteadyDuration"/> at <see cref="SteadyRate"/>: a thread of its own
    /// starts one send every 1/rate seconds on the thread pool, on schedule whatever the earlier ones
    /// are doing; each latency runs from the moment its send was started.
    /// </summary>
    private static async Task<Latency> SteadyAsync(string path, Arrivals arrivals, Func<int, long, Task> send)
    {
        await PaceAsync(arrivals, send, (int)(SteadyRate * SteadyWarmUp.TotalSeconds));
        var collections = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var count = (int)(SteadyRate * SteadyDuration.TotalSeconds);
        var lateness = await PaceAsync(arrivals, send, count);
        var latencies = arrivals.LatencyTicks.Values.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        var latency = new Latency(BenchReport.Percentile(latencies, 0.50), BenchReport.Percentile(latencies, 0.99), BenchReport.Percentile(latencies, 0.999), latencies[^1], lateness, StagesOf(arrivals));
        var stages = latency.Stages is { } st ? $"; p99 by stage: commit {st.Commit:0.00} ms, to the consumer {st.Dispatch:0.00} ms, its transaction {st.Consumer:0.00} ms" : "";
        Console.WriteLine($"  {path}: p50 {latency.P50:0.00} ms, p99 {latency.P99:0.00} ms, p99.9 {latency.P999:0.00} ms, max {latency.Max:0.00} ms{stages}; " +
            $"sends at most {lateness:0.00} ms late; GCs {GC.CollectionCount(0) - collections.Gen0}/{GC.CollectionCount(1) - collections.Gen1}/{GC.CollectionCount(2) - collections.Gen2} " +
            $"(gen0/1/2) pausing {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms; {ThreadPool.ThreadCount} pool threads");
        return latency;
    }

    /// <summary>Sends <paramref name="count"/> at the steady rate and waits for all of them; returns how late the latest send started, in ms.</summary>
    private static async Task<double> PaceAsync(Arrivals arrivals, Func<int, long, Task> send, int count)
    {
        arrivals.Clear();
        var sends = new Task[count];
        var latest = 0L;
        var pacer = new Thread(() =>
        {
            var interval = Stopwatch.Frequency / SteadyRate;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var due = started + (i * interval);
                // Sleep(1) wakes within about a millisecond; the clock taken below is what counts.
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                var now = Stopwatch.GetTimestamp();
                latest = Math.Max(latest, now - due);
                var sequence = i;
                sends[i] = Task.Run(() => send(sequence, now));
            }
        })
        { IsBackground = true, Name = "bench pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(sends);
        await WaitForAsync(arrivals, count);
        return latest * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>
    /// What the dispatcher did meanwhile: its rounds that sent rows and how many each sent (its
    /// <c>alliance.outbox.published</c> counter), and how long a publish waited for the broker's confirm
    /// (its <c>outbox publish</c> spans).
    /// </summary>
    private sealed class DispatchRounds : IDisposable
    {
        private readonly MeterListener meters = new();
        private readonly ActivityListener spans;
        private readonly List<double> publishMs = [];
        private long rounds;
        private long rows;

        public DispatchRounds()
        {
            meters.InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Name: "alliance.outbox.published", Meter.Name: MessagingMetrics.Name })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            meters.SetMeasurementEventCallback<long>((_, sent, _, _) =>
            {
                if (sent > 0)
                {
                    Interlocked.Increment(ref rounds);
                    Interlocked.Add(ref rows, sent);
                }
            });
            meters.Start();
            spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == MessagingMetrics.Name,
                Sample = (ref _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    lock (publishMs)
                    {
                        publishMs.Add(activity.Duration.TotalMilliseconds);
                    }
                },
            };
            ActivitySource.AddActivityListener(spans);
        }

        public string Describe()
        {
            double[] sorted;
            lock (publishMs)
            {
                sorted = [.. publishMs.Order()];
            }

            var confirms = sorted.Length == 0 ? "" : $", a publish's confirm after {BenchReport.Percentile(sorted, 0.5):0.0} ms (p50), {BenchReport.Percentile(sorted, 0.99):0.0} ms (p99)";
            return $"{rounds} dispatch rounds, {(double)rows / Math.Max(1, rounds):0.0} rows each{confirms}";
        }

        public void Dispose()
        {
            meters.Dispose();
            spans.Dispose();
        }
    }

    private sealed record Latency(double P50, double P99, double P999, double Max, double Lateness, Stages? Stages);

    /// <summary>Each stage's own p99 over the window's outbox events (none for the straight path): which one the tail comes from.</summary>
    private sealed record Stages(double Commit, double Dispatch, double Consumer);

    private static Stages? StagesOf(Arrivals arrivals)
    {
        var events = arrivals.Stages.Where(s => s.Value is { Committed: > 0, Began: > 0 } && arrivals.LatencyTicks.ContainsKey(s.Key)).ToList();
        if (events.Count == 0)
        {
            return null;
        }

        double P99(IEnumerable<long> ticks) => BenchReport.Percentile([.. ticks.Select(t => Math.Max(0, t) * 1000.0 / Stopwatch.Frequency).Order()], 0.99);
        return new Stages(
            P99(events.Select(e => e.Value.Committed - e.Value.Due)),
            P99(events.Select(e => e.Value.Began - e.Value.Committed)),
            P99(events.Select(e => e.Value.Due + arrivals.LatencyTicks[e.Key] - e.Value.Began)));
    }


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

    /// <summary>
    /// Messaging settings to try against the defaults without a rebuild:
    /// <c>ALLIANCE_BENCH_MESSAGING="Messaging:PrefetchCount=32;Messaging:OutboxBatchSize=200"</c>.
    /// </summary>
    private static Dictionary<string, string?> Settings() =>
        (Environment.GetEnvironmentVariable("ALLIANCE_BENCH_MESSAGING") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], string? (pair) => pair.Length > 1 ? pair[1] : null);

    private static string Image(string setting) =>
        Environment.GetEnvironmentVariable(setting) is { Length: > 0 } image ? image.Split(':')[^1] : "official";
}
