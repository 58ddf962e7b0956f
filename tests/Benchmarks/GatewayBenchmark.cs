using System.Net;
using System.Net.Http.Json;
using Alliance.SystemTesting;
using Alliance.Testing;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Alliance.Benchmarks;

/// <summary>
/// Our gateway against a direct call to the service, on a trivial endpoint and on the board, with
/// bare YARP (the same package, nothing else) against the same direct call in the same run as the
/// reference: what the gateway costs beyond what proxying itself costs.
/// </summary>
internal static class GatewayBenchmark
{
    private const int Rounds = 3;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);

    public static async Task<BenchReport> RunAsync(BenchContext context)
    {
        var system = await context.SystemAsync();
        var people = new People(system);
        var points = Upstream(system, "points");
        var needs = Upstream(system, "needs");
        await using var bare = await BareYarp.StartAsync(new() { ["points"] = points, ["needs"] = needs });
        var gateway = Listening(system, "gateway");
        await SeedBoardAsync(people);

        (string Name, Uri Direct, Uri Ours, Uri Bare)[] endpoints =
        [
            ("trivial", new Uri(points, "/points/rules"), new Uri(gateway, "/api/points/rules"), new Uri(bare.Address, "/api/points/rules")),
            ("board", new Uri(needs, "/needs?limit=20"), new Uri(gateway, "/api/needs?limit=20"), new Uri(bare.Address, "/api/needs?limit=20")),
        ];

        var report = new BenchReport("gateway", "Gateway (YARP 2.3.0) against direct calls and bare YARP");
        var trivialDirect = report.Declare("trivial (GET /points/rules): direct", "requests/s");
        var trivialOurs = report.Declare("trivial: through our gateway", "requests/s");
        var trivialBare = report.Declare("trivial: through bare YARP", "requests/s");
        var trivialOursRatio = report.Declare("trivial: ours / direct", "ratio", "≥ 0.45", v => v >= 0.45);
        var trivialBareRatio = report.Declare("trivial: bare YARP / direct", "ratio");
        var trivialVsBare = report.Declare("trivial: (ours / direct) ÷ (bare / direct)", "ratio", "≥ 0.9", v => v >= 0.9);
        var trivialDirectP99 = report.Declare("trivial: direct p99", "ms");
        var trivialOursP99 = report.Declare("trivial: ours p99", "ms");
        var trivialBareP99 = report.Declare("trivial: bare YARP p99", "ms");
        var boardDirect = report.Declare("board (GET /needs?limit=20): direct", "requests/s");
        var boardOurs = report.Declare("board: through our gateway", "requests/s");
        var boardBare = report.Declare("board: through bare YARP", "requests/s");
        var boardOursRatio = report.Declare("board: ours / direct", "ratio", "≥ 0.85", v => v >= 0.85);
        var boardBareRatio = report.Declare("board: bare YARP / direct", "ratio");
        var boardDirectP99 = report.Declare("board: direct p99", "ms");
        var boardOursP99 = report.Declare("board: ours p99", "ms");
        var boardBareP99 = report.Declare("board: bare YARP p99", "ms");
        report.Notes.Add($"wrk, {Wrk.Connections} connections, {Wrk.Threads} threads, the street admin's token on every request (both endpoints need a signed-in caller); " +
            $"per run and endpoint {Rounds} rounds of {Round.TotalSeconds:0} s for each of direct, ours and bare YARP, in rotating order; requests/s over all rounds, p99 the rounds' median.");
        report.Notes.Add("Direct calls and both proxies' upstream calls go to the address the gateway's service discovery gives (the AppHost's endpoint for the service); " +
            "the gateway is called on its own listening port. Bare YARP: Kestrel and Yarp.ReverseProxy in the bench's process, one route per service with /api taken off, " +
            "no auth, limits, CORS, problem details, logging or telemetry.");
        report.Notes.Add("Where ours spends its time beyond bare YARP (dotnet-trace of the gateway under the trivial load, December 2026): checking the token " +
            "is about 40% of a request's time in the gateway (the RSA signature 22%, reading the token 8%, the claims 4%; the signing keys are cached, so no key is fetched or imported per request), " +
            "forwarding about 33%; request localisation, the correlation id, the rate limiter and telemetry about 2% each. Bare YARP checks no token: the gap to it is mostly that check, " +
            "which every request must pass and whose result is not cached per token.");
        report.Notes.Add("Everything (load generator, gateway, services, PostgreSQL, the AppHost) shares the machine's cores, so the ratios matter, not the absolute figures.");

        // Long enough for the apps' hot paths to reach their optimised code (tiered JIT) and for the
        // work every service does just after start to pass: the first run was a third slower without it.
        Console.WriteLine("Warming up...");
        var token = await people.LogInAsync(AllianceSystem.StreetAdminMobile, AllianceSystem.StreetAdminPassword);
        foreach (var (_, direct, ours, bareUrl) in endpoints)
        {
            foreach (var url in new[] { direct, ours, bareUrl })
            {
                Check(url, await Wrk.RunAsync(url, WarmUp, token));
            }
        }

        for (var run = 1; run <= BenchReport.Runs; run++)
        {
            // A fresh token each run: it lives 30 minutes.
            token = await people.LogInAsync(AllianceSystem.StreetAdminMobile, AllianceSystem.StreetAdminPassword);
            foreach (var (name, direct, ours, bareUrl) in endpoints)
            {
                Console.WriteLine($"Run {run} of {BenchReport.Runs}: {name}...");
                var (d, o, b) = await AlternateAsync(direct, ours, bareUrl, token);
                Console.WriteLine($"  direct {d.Rps:0}/s p99 {d.P99:0.0} ms; ours {o.Rps:0}/s p99 {o.P99:0.0} ms; bare {b.Rps:0}/s p99 {b.P99:0.0} ms");
                if (name == "trivial")
                {
                    Record(trivialDirect, trivialOurs, trivialBare, trivialOursRatio, trivialBareRatio, trivialDirectP99, trivialOursP99, trivialBareP99, d, o, b);
                    trivialVsBare.Record(o.Rps / b.Rps);
                }
                else
                {
                    Record(boardDirect, boardOurs, boardBare, boardOursRatio, boardBareRatio, boardDirectP99, boardOursP99, boardBareP99, d, o, b);
                }
            }
        }

        return report;
    }

    private static void Record(
        BenchReport.Measure direct, BenchReport.Measure ours, BenchReport.Measure bare, BenchReport.Measure oursRatio, BenchReport.Measure bareRatio,
        BenchReport.Measure directP99, BenchReport.Measure oursP99, BenchReport.Measure bareP99, Figures d, Figures o, Figures b)
    {
        direct.Record(d.Rps);
        ours.Record(o.Rps);
        bare.Record(b.Rps);
        oursRatio.Record(o.Rps / d.Rps);
        bareRatio.Record(b.Rps / d.Rps);
        directP99.Record(d.P99);
        oursP99.Record(o.P99);
        bareP99.Record(b.P99);
    }

    private sealed record Figures(double Rps, double P99);

    /// <summary>Rounds of the three, each round in another order, so a slow spell of the machine falls on all of them.</summary>
    private static async Task<(Figures Direct, Figures Ours, Figures Bare)> AlternateAsync(Uri direct, Uri ours, Uri bare, string token)
    {
        var urls = new[] { direct, ours, bare };
        var results = urls.Select(_ => new List<WrkResult>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < urls.Length; i++)
            {
                var which = (i + round) % urls.Length;
                var result = await Wrk.RunAsync(urls[which], Round, token);
                Check(urls[which], result);
                results[which].Add(result);
            }
        }

        var figures = results.Select(r => new Figures(
            r.Sum(x => x.Requests) / r.Sum(x => x.Seconds),
            r.Select(x => x.P99Ms).Order().ElementAt(r.Count / 2))).ToArray();
        return (figures[0], figures[1], figures[2]);
    }

    private static void Check(Uri url, WrkResult result)
    {
        if (result.Errors > 0 || result.Requests == 0)
        {
            throw new InvalidOperationException($"{url}: {result.Errors} of {result.Requests} requests failed or were not 2xx/3xx.");
        }
    }

    /// <summary>The service's address as the gateway's service discovery has it (<c>services__NAME__http__0</c>).</summary>
    private static Uri Upstream(AllianceSystem system, string service) =>
        new(system.EnvironmentVariable("gateway", $"services__{service}__http__0")
            ?? throw new InvalidOperationException($"The gateway has no address for {service}."));

    /// <summary>
    /// The port the app's Kestrel listens on, not the AppHost's proxy in front of it: callers of a
    /// deployed gateway reach it straight, and bare YARP has no proxy in front either.
    /// </summary>
    private static Uri Listening(AllianceSystem system, string resource) =>
        system.EnvironmentVariable(resource, "Kestrel__Endpoints__http__Url") is { Length: > 0 } url
            ? new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal))
            : system.App.GetEndpoint(resource, "http");

    /// <summary>A board of at least a page: needs posted by one resident.</summary>
    private static async Task SeedBoardAsync(People people)
    {
        var (_, _, resident) = await people.NewAsync("周阿姨");
        using (resident)
        {
            for (var i = 0; i < 25; i++)
            {
                await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need($"帮忙搬一下旧家具 {i}", "home_repair", helpers: 1)));
            }
        }
    }
}

/// <summary>Bare YARP: Kestrel on a loopback port and Yarp.ReverseProxy, one route per service, nothing else.</summary>
internal sealed class BareYarp(WebApplication app, Uri address) : IAsyncDisposable
{
    public Uri Address => address;

    public static async Task<BareYarp> StartAsync(Dictionary<string, Uri> services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [.. services.Keys.Select(name => new RouteConfig
            {
                RouteId = name,
                ClusterId = name,
                Match = new RouteMatch { Path = $"/api/{name}/{{**rest}}" },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/api" }],
            })],
            [.. services.Select(s => new ClusterConfig
            {
                ClusterId = s.Key,
                Destinations = new Dictionary<string, DestinationConfig> { ["default"] = new() { Address = s.Value.ToString() } },
            })]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BareYarp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
