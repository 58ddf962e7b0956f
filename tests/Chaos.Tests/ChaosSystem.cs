using Aspire.Hosting.ApplicationModel;
using Xunit;

[assembly: AssemblyFixture(typeof(Alliance.Chaos.Tests.ChaosSystem))]

namespace Alliance.Chaos.Tests;

/// <summary>One fault at a time: every class acts on the one system they share, so all are in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class Faulting
{
    public const string Name = "Faulting";
}

/// <summary>
/// The whole system, as the end-to-end tests run it, with the outbox giving up after three failed
/// publishes (about a minute): a broker outage longer than that parked events before issue 22. It
/// counts the inbox's suppressed duplicates in every service's log from the start.
/// </summary>
public sealed class ChaosSystem : AllianceSystem
{
    private readonly CancellationTokenSource stop = new();
    private long duplicatesSuppressed;

    /// <summary>Redeliveries the services' inboxes acknowledged without effect, since the start.</summary>
    public long DuplicatesSuppressed => Interlocked.Read(ref duplicatesSuppressed);

    protected override IEnumerable<string> Settings => ["--Messaging:OutboxMaxAttempts=3"];

    protected override Task StartedAsync()
    {
        var logs = (ResourceLoggerService)App.Services.GetService(typeof(ResourceLoggerService))!;
        foreach (var service in Ledgers.Services)
        {
            _ = CountDuplicatesAsync(logs, service);
        }

        return Task.CompletedTask;
    }

    private async Task CountDuplicatesAsync(ResourceLoggerService logs, string service)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(service).WithCancellation(stop.Token))
            {
                var found = batch.Count(line => line.Content.Contains("acknowledged without effect", StringComparison.Ordinal));
                Interlocked.Add(ref duplicatesSuppressed, found);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        stop.Dispose();
        await base.DisposeAsync();
    }
}
