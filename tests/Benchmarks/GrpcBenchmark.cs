using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Grpc;
using Alliance.SystemTesting;
using Alliance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.Benchmarks;

/// <summary>
/// One internal question, Volunteers' <c>GetVolunteer</c> as Needs asks it (every volunteer's board
/// and claim), over our gRPC client stack against its REST twin in the same service
/// (<c>Bench:RestTwins</c>): the same database query and answer, the same service token and policy.
/// </summary>
internal static class GrpcBenchmark
{
    private const int Concurrency = 32;
    private const int Rounds = 3;
    private const string RestClient = "volunteers-rest";
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);

    public static async Task<BenchReport> RunAsync(BenchContext context)
    {
        var system = await context.SystemAsync();
        var volunteerId = await RegisterVolunteerAsync(new People(system));
        using var needs = await NeedsCallerAsync(system);

        var report = new BenchReport("grpc", "Internal calls: gRPC against a REST twin (Volunteers' GetVolunteer, as Needs asks it)");
        var grpc = report.Declare("gRPC (HTTP/2, protobuf)", "calls/s");
        var rest = report.Declare("REST twin (HTTP/1.1, JSON)", "calls/s");
        var ratio = report.Declare("gRPC / REST", "ratio", "≥ 1.6", v => v >= 1.6);
        var grpcP99 = report.Declare("gRPC p99", "ms");
        var restP99 = report.Declare("REST p99", "ms");
        report.Notes.Add($"{Concurrency} calls in flight from one process playing Needs (its real registration: AddServiceDefaults, AddInternalGrpcClient with its deadline, " +
            "retry policy and client-credentials token; the REST twin through an HttpClient with ServiceDefaults' standard resilience handler and the same token); " +
            $"per run {Rounds} rounds of {Round.TotalSeconds:0} s for each, alternating; calls/s over all rounds, p99 the rounds' median.");
        report.Notes.Add("Each call, either way, costs Volunteers a token check (RSA signature) and a database query, and the database shares the two cores: " +
            "the transport (HTTP/2 and protobuf against HTTP/1.1 and JSON) is a small part of a call here, so the ratio stays near 1 where bare gRPC against bare JSON measured 1.86.");
        report.Notes.Add("Both ask the database the same question for one registered volunteer and answer the same fields; the REST twin is mapped only with Bench:RestTwins=true.");

        var grpcCall = Grpc(needs.Services, volunteerId);
        var restCall = Rest(needs.Services, volunteerId);
        Console.WriteLine("Warming up...");
        await LoadAsync(grpcCall, TimeSpan.FromSeconds(3));
        await LoadAsync(restCall, TimeSpan.FromSeconds(3));
        for (var run = 1; run <= BenchReport.Runs; run++)
        {
            Console.WriteLine($"Run {run} of {BenchReport.Runs}...");
            var grpcRounds = new List<(long Calls, double Seconds, double P99)>();
            var restRounds = new List<(long Calls, double Seconds, double P99)>();
            for (var round = 0; round < Rounds; round++)
            {
                if (round % 2 == 0)
                {
                    grpcRounds.Add(await LoadAsync(grpcCall, Round));
                    restRounds.Add(await LoadAsync(restCall, Round));
                }
                else
                {
                    restRounds.Add(await LoadAsync(restCall, Round));
                    grpcRounds.Add(await LoadAsync(grpcCall, Round));
                }
            }

            var (g, gp) = Figures(grpcRounds);
            var (r, rp) = Figures(restRounds);
            Console.WriteLine($"  gRPC {g:0}/s p99 {gp:0.0} ms; REST {r:0}/s p99 {rp:0.0} ms");
            grpc.Record(g);
            rest.Record(r);
            ratio.Record(g / r);
            grpcP99.Record(gp);
            restP99.Record(rp);
        }

        return report;
    }

    private static (double PerSecond, double P99) Figures(List<(long Calls, double Seconds, double P99)> rounds) =>
        (rounds.Sum(r => r.Calls) / rounds.Sum(r => r.Seconds), rounds.Select(r => r.P99).Order().ElementAt(rounds.Count / 2));

    /// <summary>Each worker's client made once, as a scoped service would hold it for a request.</summary>
    private static Func<Func<Task>> Grpc(IServiceProvider services, Guid volunteerId) => () =>
    {
        var client = services.GetRequiredService<VolunteersService.VolunteersServiceClient>();
        var request = new GetVolunteerRequest { VolunteerId = volunteerId.ToString() };
        return async () => _ = await client.GetVolunteerAsync(request);
    };

    private static Func<Func<Task>> Rest(IServiceProvider services, Guid volunteerId) => () =>
    {
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(RestClient);
        var path = $"/bench/volunteers/{volunteerId}";
        return async () => _ = await client.GetFromJsonAsync<VolunteerTwin>(path)
            ?? throw new InvalidOperationException("The REST twin answered null.");
    };

    /// <summary><see cref="Concurrency"/> workers, each calling again as soon as its call returns, for the duration.</summary>
    private static async Task<(long Calls, double Seconds, double P99)> LoadAsync(Func<Func<Task>> worker, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            var call = worker();
            var mine = new List<long>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var before = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetTimestamp() - before);
            }

            return mine;
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var p99 = all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(0.99 * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return (all.Length, seconds, p99);
    }

    /// <summary>
    /// A host set up as Needs sets up its Volunteers client: service discovery to the addresses the
    /// AppHost gave Needs, Needs' client id and secret for the service token, the system's deadline.
    /// </summary>
    private static async Task<IHost> NeedsCallerAsync(AllianceSystem system)
    {
        string Needs(string name) => system.EnvironmentVariable("needs", name)
            ?? throw new InvalidOperationException($"Needs was started without {name}.");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = AllianceSystem.AppEnvironment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:volunteers:grpc:0"] = Needs("services__volunteers__grpc__0"),
            ["services:volunteers:http:0"] = Needs("services__volunteers__http__0"),
            ["services:identity:http:0"] = Needs("services__identity__http__0"),
            ["Identity:ClientId"] = Needs("Identity__ClientId"),
            ["Identity:ClientSecret"] = Needs("Identity__ClientSecret"),
            ["Grpc:Deadlines:volunteers"] = system.EnvironmentVariable("needs", "Grpc__Deadlines__volunteers"),
        });
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        const string volunteers = "alliance.volunteers.v1.VolunteersService";
        builder.AddInternalGrpcClient<VolunteersService.VolunteersServiceClient>(
            "volunteers", TimeSpan.FromSeconds(2), (volunteers, "GetVolunteer"), (volunteers, "IsVerified"), (volunteers, "GetVolunteers"));
        builder.Services.AddTransient<ServiceTokenHandler>();
        builder.Services.AddHttpClient(RestClient, client => client.BaseAddress = new Uri("http://volunteers"))
            .AddHttpMessageHandler<ServiceTokenHandler>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<Guid> RegisterVolunteerAsync(People people)
    {
        var (id, _, client) = await people.NewAsync("李忠");
        using (client)
        {
            await People.OkAsync(client.PostAsJsonAsync("/api/volunteers", VolunteerForms.Registration("李忠")));
        }

        return id;
    }

    /// <summary>The service token on every REST call, as the gRPC client's call credentials put it on every call.</summary>
    private sealed class ServiceTokenHandler(ServiceTokens tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed record VolunteerTwin(string VolunteerId, string CommunityId, string Status, string GridId, List<string> Skills, List<SlotTwin> Availability);

    private sealed record SlotTwin(int IsoDay, int FromMinute, int ToMinute);
}
