using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alliance.SystemTesting;
using Alliance.Testing;

namespace Alliance.Benchmarks;

/// <summary>
/// A crowd of distinct verified volunteers claims one need at once through the gateway: exactly one
/// wins, the others get 409 <c>need_already_claimed</c>, nothing answers 5xx; how long the calls take.
/// </summary>
internal static class ClaimsBenchmark
{
    private const string Lost = "need_already_claimed";
    private static readonly int[] Crowds = [200, 1000];

    /// <summary>Calls in flight while the volunteers are made: Identity hashes a password at each sign-up and login.</summary>
    private const int Making = 8;

    public static async Task<BenchReport> RunAsync(BenchContext context)
    {
        var system = await context.SystemAsync();
        var people = new People(system);
        using var admin = await people.StreetAdminAsync();
        var (_, _, resident) = await people.NewAsync("赵桂芳");
        using (resident)
        {
            var made = Stopwatch.StartNew();
            var volunteers = await VolunteersAsync(people, admin, Crowds.Max());
            made.Stop();
            Console.WriteLine($"  {volunteers.Count} verified volunteers made in {made.Elapsed.TotalSeconds:0} s");

            var report = new BenchReport("claims", "Claims: a crowd of volunteers on one need at once, through the gateway");
            var measures = Crowds.ToDictionary(n => n, n => new CrowdMeasures(report, n));
            report.Notes.Add($"Each run posts a new need per crowd; the first {string.Join(" and then ", Crowds.Select(n => $"{n:#,0}"))} of "
                + $"{volunteers.Count:#,0} verified volunteers (made once through the gateway, {Making} calls at a time, in {made.Elapsed.TotalSeconds:0} s) "
                + "each send POST /api/needs/{id}/claims at the same instant, each on a connection of its own; the gateway's rate limits are raised by "
                + "configuration (AllianceSystem). A call's time runs from the start signal to its whole answer; \"all answered\" is the last of them.");
            report.Notes.Add("The one documented answer to a loser is 409 need_already_claimed (docs/api.md); 503 volunteers_unavailable with Retry-After "
                + "is documented for a Volunteers call that missed its deadline, and counts here as a 5xx.");

            Console.WriteLine("Warming up (a crowd of 50)...");
            await RaceAsync(system, resident, volunteers.Take(50).ToList());
            for (var run = 1; run <= BenchReport.Runs; run++)
            {
                foreach (var crowd in Crowds)
                {
                    Console.WriteLine($"Run {run} of {BenchReport.Runs}: {crowd} claims at once...");
                    var race = await RaceAsync(system, resident, volunteers.Take(crowd).ToList());
                    measures[crowd].Record(race);
                    report.Notes.Add($"Run {run}, {crowd:#,0}: {race.Tally}; the need's claimant {(race.NeedNamesWinner ? "is" : "is NOT")} the one answered 201.");
                    Console.WriteLine($"  {race.Tally}; p50 {race.P50:0} ms, p99 {race.P99:0} ms, all answered in {race.All:0} ms");
                }
            }

            return report;
        }
    }

    private sealed class CrowdMeasures(BenchReport report, int crowd)
    {
        private readonly BenchReport.Measure won = report.Declare($"{crowd:#,0} at once: 201 (won)", "calls", "= 1", v => v == 1);
        private readonly BenchReport.Measure claimant = report.Declare($"{crowd:#,0} at once: the need read afterwards names the winner", "yes = 1", "= 1", v => v == 1);
        private readonly BenchReport.Measure lost = report.Declare($"{crowd:#,0} at once: 409 {Lost}", "calls", $"= {crowd - 1}", v => v == crowd - 1);
        private readonly BenchReport.Measure failed = report.Declare($"{crowd:#,0} at once: 5xx", "calls", "= 0", v => v == 0);
        private readonly BenchReport.Measure other = report.Declare($"{crowd:#,0} at once: any other answer (or none)", "calls", "= 0", v => v == 0);
        private readonly BenchReport.Measure p50 = report.Declare($"{crowd:#,0} at once: claim p50", "ms");
        private readonly BenchReport.Measure p99 = report.Declare($"{crowd:#,0} at once: claim p99", "ms");
        private readonly BenchReport.Measure all = report.Declare($"{crowd:#,0} at once: all answered", "ms");

        public void Record(Race race)
        {
            won.Record(race.Count(a => a.Status == HttpStatusCode.Created));
            claimant.Record(race.NeedNamesWinner ? 1 : 0);
            lost.Record(race.Count(a => a.Status == HttpStatusCode.Conflict && a.Code == Lost));
            failed.Record(race.Count(a => (int)a.Status >= 500));
            other.Record(race.Count(a => a.Status != HttpStatusCode.Created && (int)a.Status < 500 && !(a.Status == HttpStatusCode.Conflict && a.Code == Lost)));
            p50.Record(race.P50);
            p99.Record(race.P99);
            all.Record(race.All);
        }
    }

    /// <summary>One call's answer: its status (0 when none came) and problem code, and its time from the start signal.</summary>
    private sealed record Answer(Guid Volunteer, HttpStatusCode Status, string? Code, double Milliseconds);

    private sealed record Race(IReadOnlyList<Answer> Answers, bool NeedNamesWinner)
    {
        public int Count(Func<Answer, bool> which) => Answers.Count(which);

        public double P50 => Percentile(0.50);

        public double P99 => Percentile(0.99);

        public double All => Answers.Max(a => a.Milliseconds);

        /// <summary>The answers by status and code, as "201 ×1, 409 need_already_claimed ×199".</summary>
        public string Tally => string.Join(", ", Answers.GroupBy(a => (a.Status, a.Code)).OrderBy(g => g.Key.Status)
            .Select(g => $"{(g.Key.Status == 0 ? "no answer" : ((int)g.Key.Status).ToString(System.Globalization.CultureInfo.InvariantCulture))}{(g.Key.Code is null ? "" : " " + g.Key.Code)} ×{g.Count()}"));

        private double Percentile(double p) => BenchReport.Percentile([.. Answers.Select(a => a.Milliseconds).Order()], p);
    }

    /// <summary>
    /// The crowd claims a new need at once, each volunteer on a connection of its own (a new handler per
    /// race, so no race starts on the warm connections of the one before); then the need is read back.
    /// </summary>
    private static async Task<Race> RaceAsync(AllianceSystem system, HttpClient resident, IReadOnlyList<(Guid Id, string Token)> crowd)
    {
        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("陪同老人去医院复诊", "companionship", helpers: 1)));
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(30) };
        using var client = new HttpClient(handler) { BaseAddress = system.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0L;
        var calls = crowd.Select(async volunteer =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/needs/{need}/claims")
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", volunteer.Token);
            await start.Task;
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref started)).TotalMilliseconds;
                return new Answer(volunteer.Id, response.StatusCode, CodeOf(body), elapsed);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return new Answer(volunteer.Id, 0, ex.GetType().Name, Stopwatch.GetElapsedTime(Volatile.Read(ref started)).TotalMilliseconds);
            }
        }).ToList();
        Volatile.Write(ref started, Stopwatch.GetTimestamp());
        start.SetResult();
        var answers = await Task.WhenAll(calls);

        var read = await resident.GetFromJsonAsync<JsonElement>($"/api/needs/{need}");
        var winners = answers.Where(a => a.Status == HttpStatusCode.Created).ToList();
        var named = winners.Count == 1 && read.GetProperty("status").GetString() == "claimed"
            && read.TryGetProperty("claimantId", out var claimant) && claimant.ValueKind == JsonValueKind.String && claimant.GetGuid() == winners[0].Volunteer;
        // The system settles (the claim's event, the resident's notice) before the next crowd.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return new Race(answers, named);
    }

    private static string? CodeOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Verified volunteers with tokens carrying the role, made as the end-to-end tests make them (sign up,
    /// register with Volunteers, verified by the street admin, log in again) but a phase at a time over
    /// the whole crowd, so each waits for its role event once instead of logging in again and again.
    /// </summary>
    private static async Task<List<(Guid Id, string Token)>> VolunteersAsync(People people, HttpClient admin, int count)
    {
        var communities = Alliance.Contracts.Reference.ReferenceData.Current.Communities;
        var signedUp = new (Guid Id, string Mobile)[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Making };
        Console.WriteLine($"Making {count} verified volunteers: signing up...");
        await Parallel.ForAsync(0, count, options, async (i, _) => signedUp[i] = await people.SignUpAsync($"抢单志愿者{i}"));
        Console.WriteLine("  registering with Volunteers...");
        await Parallel.ForAsync(0, count, options, async (i, ct) =>
        {
            using var client = people.Client(await people.LogInAsync(signedUp[i].Mobile));
            using var registered = await client.PostAsJsonAsync("/api/volunteers", VolunteerForms.Registration($"抢单志愿者{i}", communities[i % communities.Count].Id), ct);
            await CheckAsync(registered, HttpStatusCode.Created, "registration");
        });
        Console.WriteLine("  verified by the street admin...");
        await Parallel.ForAsync(0, count, options, async (i, ct) =>
        {
            using var verified = await admin.PostAsync($"/api/volunteers/{signedUp[i].Id}/verification", null, ct);
            await CheckAsync(verified, HttpStatusCode.OK, "verification");
        });
        Console.WriteLine("  logging in with the volunteer role...");
        var tokens = new ConcurrentDictionary<int, string>();
        await Parallel.ForAsync(0, count, options, async (i, _) =>
        {
            var client = await people.WithRoleAsync(signedUp[i].Mobile, "volunteer");
            tokens[i] = client.DefaultRequestHeaders.Authorization!.Parameter!;
            client.Dispose();
        });
        return [.. Enumerable.Range(0, count).Select(i => (signedUp[i].Id, tokens[i]))];
    }

    private static async Task CheckAsync(HttpResponseMessage response, HttpStatusCode expected, string step)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"A volunteer's {step} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
