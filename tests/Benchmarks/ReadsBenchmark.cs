using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Alliance.Contracts.Reference;
using Alliance.SystemTesting;
using Alliance.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Alliance.Benchmarks;

/// <summary>
/// The reads everyone makes: the leaderboards over a year of ledger rows, and the board over a year
/// of needs, both seeded in the owners' databases as the tests seed them; wrk through the gateway.
/// </summary>
internal static class ReadsBenchmark
{
    private const int Volunteers = 500;
    private const int Teams = 40;
    private const int LedgerRows = 60_000;
    private const int OpenNeeds = 300;

    /// <summary>Each open need stands for this many closed ones over the year (confirmed, expired, cancelled): about 20 a day.</summary>
    private const int ClosedPerOpen = 25;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<BenchReport> RunAsync(BenchContext context)
    {
        var system = await context.SystemAsync();
        var people = new People(system);
        var (_, mobile) = await people.SignUpAsync("看榜的人");
        var token = await people.LogInAsync(mobile);
        var communities = ReferenceData.Current.Communities;
        var year = DateTime.UtcNow.AddHours(8).Year;
        var community = communities[0].Id;

        var seeding = Stopwatch.StartNew();
        var monthlyTotals = await SeedLedgerAsync(system, communities);
        await SeedNeedsAsync(system, people, communities);
        seeding.Stop();

        (string Name, string Path)[] reads =
        [
            ("volunteers' leaderboard, this month", "/api/points/leaderboards/volunteers"),
            ($"volunteers' leaderboard, the year, top 100", $"/api/points/leaderboards/volunteers?period={year}&top=100"),
            ("volunteers' leaderboard, the year, one community", $"/api/points/leaderboards/volunteers?period={year}&communityId={community}"),
            ("teams' leaderboard, the year", $"/api/points/leaderboards/teams?period={year}"),
            ("board, limit 20", "/api/needs?limit=20"),
            ("board, one community", $"/api/needs?limit=20&communityId={community}"),
            ("board, one skill", "/api/needs?limit=20&skill=companionship"),
        ];
        var report = new BenchReport("reads", "Reads: leaderboards and the board over a year of data, through the gateway");
        var measures = reads.Select(r => (Read: r,
            P99: report.Declare($"{r.Name}: p99", "ms"),
            Rate: report.Declare($"{r.Name}: throughput", "requests/s"))).ToList();
        report.Notes.Add($"Seeded in the databases ({seeding.Elapsed.TotalSeconds:0} s): {LedgerRows:#,0} ledger entries of {Volunteers} volunteers "
            + $"({Teams} teams, {communities.Count} communities) over the last 365 days (credits, adjustments, redemption steps, expiries), and "
            + $"{OpenNeeds} open needs posted through the gateway with {OpenNeeds * ClosedPerOpen:#,0} closed ones over the year beside them; then VACUUM ANALYZE.");
        report.Notes.Add($"The leaderboards sum the months' totals that the ledger's trigger keeps (monthly_earnings: {monthlyTotals:#,0} rows for the seeded year, "
            + "one per volunteer, month, community and team), not the ledger's entries: before that read model (commit 8441080), on this machine, the year's top 100 "
            + "gave 44.7 requests/s at p99 1,347 ms, one community's 140 at 544 ms, the teams' 95.2 at 634 ms, and the board, which did not change, 501 at 173 ms (medians of 3 runs; "
            + "compare against the board's figures here for the machine's own drift).");
        report.Notes.Add($"wrk, {Wrk.Connections} connections, {Wrk.Threads} threads, {Duration.TotalSeconds:0} s per read after {WarmUp.TotalSeconds:0} s of warm-up, "
            + $"one signed-in person's token; the year is {year} (Asia/Shanghai), the community {community}.");

        foreach (var (_, path) in reads)
        {
            using var client = people.Client(token);
            using var answer = await client.GetAsync(path);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }
        }

        for (var run = 1; run <= BenchReport.Runs; run++)
        {
            Console.WriteLine($"Run {run} of {BenchReport.Runs}...");
            foreach (var (read, p99, rate) in measures)
            {
                var url = new Uri(system.Gateway.BaseAddress!, read.Path);
                await Wrk.RunAsync(url, WarmUp, token);
                var result = await Wrk.RunAsync(url, Duration, token);
                p99.Record(result.P99Ms);
                rate.Record(result.RequestsPerSecond);
                Console.WriteLine($"  {read.Name}: p99 {result.P99Ms:0.0} ms, {result.RequestsPerSecond:0} requests/s");
                if (result.Errors > 0)
                {
                    report.Notes.Add($"Run {run}, {read.Name}: {result.Errors} answers were not 2xx (or failed at the socket).");
                }
            }
        }

        return report;
    }

    /// <summary>
    /// A year of points, written straight into Points' ledger (COPY), as Points would have written it:
    /// a few busy volunteers and many occasional ones, earnings in their community and often for a team.
    /// </summary>
    private static async Task<long> SeedLedgerAsync(AllianceSystem system, IReadOnlyList<Community> communities)
    {
        Console.WriteLine($"Seeding {LedgerRows:#,0} ledger entries...");
        var random = new Random(29);
        var teams = Enumerable.Range(0, Teams).Select(_ => Guid.CreateVersion7()).ToArray();
        var volunteers = Enumerable.Range(0, Volunteers).Select(i => (
            Id: Guid.CreateVersion7(),
            Community: communities[random.Next(communities.Count)].Id,
            Team: random.NextDouble() < 0.6 ? teams[random.Next(Teams)] : (Guid?)null,
            // A long tail: weights from 1 to 1,000.
            Weight: Math.Pow(1000, random.NextDouble()))).ToArray();
        var cumulative = volunteers.Select(v => v.Weight).ToArray();
        for (var i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }

        var rows = new List<(Guid Volunteer, DateTimeOffset At, int Index)>(LedgerRows);
        for (var i = 0; i < LedgerRows; i++)
        {
            var pick = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
            var index = pick >= 0 ? pick : ~pick;
            var at = DateTimeOffset.UtcNow.AddDays(-random.NextDouble() * 365);
            rows.Add((volunteers[index].Id, at, index));
        }

        await using var connection = new NpgsqlConnection(await system.DatabaseAsync("pointsdb"));
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY ledger_entries (id, volunteer_id, kind, source_id, amount, available_delta, reserved_delta, available_after, reserved_after, "
            + "service_date, earned_on, hours, adjusts_source_id, team_id, community_id, recorded_at, reason, why) FROM STDIN (FORMAT BINARY)"))
        {
            var balances = new long[Volunteers];
            var reserved = new long[Volunteers];
            foreach (var (volunteerId, at, index) in rows.OrderBy(r => r.At))
            {
                var volunteer = volunteers[index];
                var earnedOn = DateOnly.FromDateTime(at.UtcDateTime.AddHours(8));
                var roll = random.NextDouble();
                var (kind, amount, reason) = roll switch
                {
                    < 0.80 => ("Credit", (long)random.Next(5, 61), random.NextDouble() < 0.5 ? "need_confirmed" : "activity_confirmed"),
                    < 0.83 => ("Adjustment", (long)random.Next(-10, 11), "hours_adjusted"),
                    < 0.89 => ("Reserve", (long)random.Next(20, 201), "redemption_reserved"),
                    < 0.94 => ("Commit", (long)random.Next(20, 201), "redemption_committed"),
                    < 0.95 => ("Release", (long)random.Next(20, 201), "redemption_released"),
                    _ => ("Expiry", -(long)random.Next(5, 61), "points_expired"),
                };
                var earning = kind is "Credit" or "Adjustment";
                var (availableDelta, reservedDelta) = kind switch
                {
                    "Reserve" => (-amount, amount),
                    "Commit" => (0L, -amount),
                    "Release" => (amount, -amount),
                    _ => (amount, 0L),
                };
                balances[index] += availableDelta;
                reserved[index] += reservedDelta;
                var hours = earning ? Math.Round(Math.Abs(amount) / 10m, 2) : (decimal?)null;
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
                await copy.WriteAsync(volunteerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(kind, NpgsqlDbType.Varchar);
                await copy.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
                await copy.WriteAsync(amount, NpgsqlDbType.Bigint);
                await copy.WriteAsync(availableDelta, NpgsqlDbType.Bigint);
                await copy.WriteAsync(reservedDelta, NpgsqlDbType.Bigint);
                await copy.WriteAsync(balances[index], NpgsqlDbType.Bigint);
                await copy.WriteAsync(reserved[index], NpgsqlDbType.Bigint);
                await copy.WriteAsync(earnedOn.AddDays(-random.Next(0, 4)), NpgsqlDbType.Date);
                await copy.WriteAsync(earnedOn, NpgsqlDbType.Date);
                await WriteOrNullAsync(copy, hours, NpgsqlDbType.Numeric);
                await WriteOrNullAsync(copy, kind == "Adjustment" ? Guid.CreateVersion7(at) : (Guid?)null, NpgsqlDbType.Uuid);
                await WriteOrNullAsync(copy, earning && random.NextDouble() < 0.5 ? volunteer.Team : null, NpgsqlDbType.Uuid);
                await WriteOrNullAsync(copy, earning ? volunteer.Community : null, NpgsqlDbType.Varchar);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(reason, NpgsqlDbType.Varchar);
                await copy.WriteAsync(earning
                    ? $$"""{"rule":"{{reason}}","hours":{{hours?.ToString(CultureInfo.InvariantCulture)}},"pointsPerHour":10,"qualityFactor":1.2,"urgentBonusPercent":0,"nightHours":0,"points":{{amount}}}"""
                    : $$"""{"reason":"{{reason}}","points":{{amount}}}""", NpgsqlDbType.Jsonb);
            }

            await copy.CompleteAsync();
        }

        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE ledger_entries, monthly_earnings", connection);
        await vacuum.ExecuteNonQueryAsync();
        await using var totals = new NpgsqlCommand("SELECT count(*) FROM monthly_earnings", connection);
        return (long)(await totals.ExecuteScalarAsync())!;
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    /// <summary>
    /// Open needs posted through the gateway (the domain fills every column), spread over the last two weeks;
    /// then the year's closed needs beside them, copied from those rows in the database.
    /// </summary>
    private static async Task SeedNeedsAsync(AllianceSystem system, People people, IReadOnlyList<Community> communities)
    {
        Console.WriteLine($"Posting {OpenNeeds} open needs and seeding {OpenNeeds * ClosedPerOpen:#,0} closed ones...");
        var kinds = ReferenceData.Current.Kinds.Select(k => k.Id).Where(k => k != "micro_wish").ToArray();
        var (_, _, resident) = await people.NewAsync("发需求的居民");
        using (resident)
        {
            await Parallel.ForAsync(0, OpenNeeds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var random = new Random(i);
                var community = communities[i % communities.Count];
                var grid = community.Grids[random.Next(community.Grids.Count)];
                var from = DateTimeOffset.UtcNow.AddDays(1 + random.Next(7));
                var need = new
                {
                    title = $"需要帮忙 {i}",
                    description = "在联盟需求大厅发布，全街道的志愿者都能看到。",
                    kindId = kinds[random.Next(kinds.Length)],
                    communityId = community.Id,
                    gridId = grid.Id,
                    building = grid.Buildings[random.Next(grid.Buildings.Count)],
                    address = "2单元301室",
                    urgency = random.NextDouble() switch { < 0.05 => "emergency", < 0.20 => "urgent", _ => "normal" },
                    wantedFrom = from,
                    wantedUntil = from.AddDays(7),
                    helpersNeeded = 1 + random.Next(3),
                    requiredSkills = random.NextDouble() < 0.3 ? new[] { kinds[random.Next(kinds.Length)] } : [],
                };
                await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", need, ct));
            });
        }

        await using var connection = new NpgsqlConnection(await system.DatabaseAsync("needsdb"));
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var read = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'needs' AND table_schema = current_schema() "
            + "AND column_name NOT IN ('id', 'status', 'posted_at') ORDER BY ordinal_position", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var copied = string.Join(", ", columns);
        await using var seed = new NpgsqlCommand($"""
            UPDATE needs SET posted_at = now() - random() * interval '14 days' WHERE status = 'Open';
            INSERT INTO needs (id, status, posted_at, {copied})
            SELECT gen_random_uuid(), (ARRAY['Confirmed', 'Confirmed', 'Confirmed', 'Expired', 'Cancelled'])[1 + floor(random() * 5)::int],
                   now() - random() * interval '365 days', {copied}
            FROM needs, generate_series(1, {ClosedPerOpen}) WHERE status = 'Open';
            """, connection);
        await seed.ExecuteNonQueryAsync();
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE needs", connection);
        await vacuum.ExecuteNonQueryAsync();
    }
}
