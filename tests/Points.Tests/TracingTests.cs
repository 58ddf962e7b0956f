using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Alliance.Messaging;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>Points as the dashboard sees it: every span its tracer provider records, kept in order.</summary>
public sealed class TracedPointsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    public ConcurrentQueue<Activity> Spans { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Recorder(Spans)));

    protected override IReadOnlyDictionary<string, string?> Settings() => PointsApp.HostSettings(Identity);

    private sealed class Recorder(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}

/// <summary>
/// The traces show requests and messages, not the background polls: the outbox and due work query
/// the database every second or two, and those queries are not traced unless they are part of
/// something traced.
/// </summary>
public sealed class TracingTests(TracedPointsApp app) : IClassFixture<TracedPointsApp>
{
    [Fact]
    public async Task The_polls_leave_no_traces_while_a_requests_queries_are_traced_under_it()
    {
        var database = new NpgsqlConnectionStringBuilder(app.DatabaseConnectionString).Database;
        var (_, resident) = await app.SignInAsync();
        var options = app.Host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        app.Spans.Clear();

        // Long enough for both polls to run a few times.
        var polls = TimeSpan.FromTicks(Math.Max(options.OutboxPollInterval.Ticks, options.DueWorkPollInterval.Ticks) * 3);
        await Task.Delay(polls, TestContext.Current.CancellationToken);
        using (var response = await resident.GetAsync("/points/leaderboards/volunteers", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Only this app uses this database (the recorder sees every host in the process): its queries
        // are there, each under the request (or message) it served, none a trace of its own.
        await Eventually.TrueAsync(() => Task.FromResult(app.Spans.Any(s => s.Source.Name == "Npgsql" && OnDatabase(s, database) && s.ParentSpanId != default)),
            "the request's queries traced under it");
        var ours = app.Spans.Where(s => s.Source.Name == "Npgsql" && OnDatabase(s, database)).ToList();
        Assert.DoesNotContain(ours, s => s.Parent is null && s.ParentSpanId == default);
    }

    private static bool OnDatabase(Activity span, string? database) =>
        (span.GetTagItem("db.namespace") ?? span.GetTagItem("db.name")) as string == database;
}
