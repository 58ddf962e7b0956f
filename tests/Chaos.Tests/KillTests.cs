using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 3: a service killed with <c>kill -9</c> and started again through the AppHost: Needs in the
/// middle of a burst of 500 writes, and Points in the middle of consuming a burst of events.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class KillTests(ChaosSystem system)
{
    private const int Burst = 500;
    private const int Parallel = 8;
    private static readonly TimeSpan ClientPatience = TimeSpan.FromMinutes(4);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NeedsKilledDuringABurstOf500Posts_KeepsEveryAcknowledgedPostOnce()
    {
        var street = new Street(system);
        var faults = new Faults(system);
        var ledgers = new Ledgers(system);
        var residents = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            residents.Add((await street.People.NewAsync($"居民{i + 1}")).Client);
        }

        var tag = Guid.NewGuid().ToString("N")[..8];
        var duplicatesBefore = system.DuplicatesSuppressed;
        var acknowledged = new ConcurrentDictionary<int, Guid>();
        var unanswered = new ConcurrentDictionary<int, string>();
        var posting = Task.WhenAll(Enumerable.Range(0, Parallel).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < Burst; i += Parallel)
            {
                var (status, body, _) = await Persistently.PostAsync(residents[i % residents.Count], "/api/needs", People.Need($"楼道灯不亮 {tag}-{i}", "other", helpers: 1), ClientPatience);
                if (status == HttpStatusCode.Created)
                {
                    acknowledged[i] = body.GetProperty("id").GetGuid();
                }
                else
                {
                    unanswered[i] = $"{(int)status} {body}";
                }
            }
        }, Ct)));

        // Killed once a fifth of the burst is in, and started again at once.
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= Burst / 5), "A fifth of the burst acknowledged", TimeSpan.FromMinutes(2));
        var down = Stopwatch.StartNew();
        try
        {
            await faults.KillAsync("needs");
        }
        finally
        {
            await faults.StartProjectAsync("needs");
        }

        var outage = down.Elapsed;
        var recovering = Stopwatch.StartNew();
        await posting;
        var recovery = recovering.Elapsed;

        var ids = acknowledged.Values.ToArray();
        var stored = await ledgers.CountAsync("needs", "SELECT count(*) FROM needs WHERE id = ANY(@p0)", ids);
        var rows = await ledgers.CountAsync("needs", "SELECT count(*) FROM needs WHERE title LIKE @p0", $"楼道灯不亮 {tag}-%");
        var (inError, parked, unbalanced) = await ledgers.SettledAsync(faults);
        foreach (var resident in residents)
        {
            resident.Dispose();
        }

        new FaultOutcome("needs killed (kill -9) during a burst", $"{Burst} needs posted, {Parallel} at a time, retried with their Idempotency-Key",
            Burst, (int)Math.Min(stored, acknowledged.Count), (int)(rows - stored), inError, parked, unbalanced,
            system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report($"Last answers of the posts never acknowledged: {string.Join("; ", unanswered.Values)}");
    }

    [Fact]
    public async Task PointsKilledWhileConsumingABurstOfSignUps_NotesEveryAccountOnce()
    {
        const int signUps = 120;
        var street = new Street(system);
        var faults = new Faults(system);
        var ledgers = new Ledgers(system);
        var duplicatesBefore = system.DuplicatesSuppressed;
        var accounts = new ConcurrentBag<Guid>();
        var signingUp = Task.WhenAll(Enumerable.Range(0, Parallel).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < signUps; i += Parallel)
            {
                accounts.Add((await street.People.SignUpAsync($"新用户{i}")).Id);
            }
        }, Ct)));

        // Each sign-up's AccountCreated reaches Points as it comes: kill it once a third are in.
        await Eventually.TrueAsync(() => Task.FromResult(accounts.Count >= signUps / 3), "A third of the sign-ups made", TimeSpan.FromMinutes(2));
        var down = Stopwatch.StartNew();
        try
        {
            await faults.KillAsync("points");
            await signingUp;
        }
        finally
        {
            await faults.StartProjectAsync("points");
        }

        var outage = down.Elapsed;

        var ids = accounts.ToArray();
        var recovering = Stopwatch.StartNew();
        Task<long> NotedAsync() => ledgers.CountAsync("points", "SELECT count(*) FROM known_accounts WHERE account_id = ANY(@p0)", ids);
        try
        {
            await Eventually.ReturnsAsync(NotedAsync, count => count >= ids.Length, "Every new account noted by Points", TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            // Counted as lost in the report, which then fails the test.
        }

        var recovery = recovering.Elapsed;
        var noted = await NotedAsync();
        var found = await ledgers.CountAsync("points", "SELECT count(DISTINCT account_id) FROM known_accounts WHERE account_id = ANY(@p0)", ids);
        var handled = await ledgers.CountAsync("points", "SELECT count(*) FROM inbox WHERE consumer = 'AccountCreatedConsumer'");
        var (inError, parked, unbalanced) = await ledgers.SettledAsync(faults);

        new FaultOutcome("points killed (kill -9) while consuming", $"{signUps} sign-ups, each an AccountCreated for Points", ids.Length, (int)found, (int)(noted - found),
            inError, parked, unbalanced, system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report();
        Assert.True(handled >= ids.Length, $"The inbox holds {handled} handled AccountCreated, fewer than the {ids.Length} sign-ups.");
    }
}
