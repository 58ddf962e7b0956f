using System.Text;
using System.Text.RegularExpressions;
using Alliance.Messaging.Consuming;
using Alliance.Messaging.Outbox;
using Alliance.Testing;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Networks;
using Testcontainers.RabbitMq;
using Xunit;

namespace Alliance.Messaging.Tests;

/// <summary>
/// Issue 25: with <c>Messaging:Nodes</c>, a service outlives the cluster node it is connected to. A
/// three-node cluster of the project's image of its own (the shared broker is one node, and stays up).
/// </summary>
public sealed partial class ClusterTests(Containers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] NodeNames = ["rabbitmq-1", "rabbitmq-2", "rabbitmq-3"];

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task TheNodeTheBusIsConnectedTo_Stopped_EventsStillFlowOnceThroughAnother()
    {
        var started = DateTime.UtcNow;
        await using var cluster = await Cluster.StartAsync();
        Log($"three running nodes {(DateTime.UtcNow - started).TotalSeconds:0.0} s after start");
        var service = MessagingHost.UniqueService("clu");
        await using var host = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), cluster.ConnectionString, service,
            bus => bus.AddConsumer<ThingConsumer>(),
            settings: new Dictionary<string, string?>
            {
                ["Messaging:Nodes:0"] = cluster.LoopbackAddress(0),
                ["Messaging:Nodes:1"] = cluster.LoopbackAddress(1),
                ["Messaging:Nodes:2"] = cluster.LoopbackAddress(2),
                ["Messaging:QueueType"] = "quorum",
                // A message must not reach _error while the bus moves; the outbox tries again soon.
                ["Messaging:TransientRetryWindow"] = "00:30:00",
                ["Messaging:OutboxMaxBackoff"] = "00:00:02",
            });
        await Eventually.TrueAsync(() => Task.FromResult(host.Get<ConsumerGate>().IsOpen), "The consumers open");

        var before = await PublishAsync(host, 5);
        await EachConsumedOnceAsync(host, before, TimeSpan.FromSeconds(30));

        var connectedTo = await Eventually.FoundAsync(() => cluster.BusNodeAsync(except: null), "The node the bus is connected to");
        var stopping = DateTime.UtcNow;
        await cluster.StopAsync(connectedTo);
        Log($"docker stop {connectedTo} took {(DateTime.UtcNow - stopping).TotalSeconds:0.0} s");

        var publishedAt = DateTime.UtcNow;
        var after = await PublishAsync(host, 5);
        await EachConsumedOnceAsync(host, after, TimeSpan.FromSeconds(90));
        var movedTo = await Eventually.FoundAsync(() => cluster.BusNodeAsync(except: connectedTo), "The node the bus moved to");
        Log($"the bus moved from {connectedTo} to {movedTo}; the 5 events published after the stop were consumed {(DateTime.UtcNow - publishedAt).TotalSeconds:0.0} s after publishing");
        Assert.NotEqual(connectedTo, movedTo);

        // Nothing consumed twice, once everything has been sent.
        await host.AllSentAsync();
        foreach (var thing in before.Concat(after))
        {
            Assert.Equal(1, await host.CountAsync(thing.ThingId, nameof(ThingConsumer)));
        }
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static async Task<List<ThingHappened>> PublishAsync(MessagingHost<TestDb> host, int count)
    {
        var things = Enumerable.Range(0, count).Select(_ => ThingHappened.New(Guid.NewGuid())).ToList();
        await using var db = host.CreateDb();
        foreach (var thing in things)
        {
            db.Publish(thing);
        }

        await db.SaveChangesAsync(Ct);
        return things;
    }

    private static async Task EachConsumedOnceAsync(MessagingHost<TestDb> host, List<ThingHappened> things, TimeSpan within)
    {
        foreach (var thing in things)
        {
            Assert.Equal(1, await Eventually.ReturnsAsync(() => host.CountAsync(thing.ThingId, nameof(ThingConsumer)), n => n >= 1,
                $"The effect of {thing.ThingId}", within));
        }
    }

    /// <summary>Three nodes of the project's image on a network of their own, each node's AMQP port on loopback.</summary>
    private sealed partial class Cluster : IAsyncDisposable
    {
        private readonly INetwork network;
        private readonly RabbitMqContainer[] nodes;
        private readonly HashSet<int> stopped = [];

        private Cluster(INetwork network, RabbitMqContainer[] nodes)
        {
            this.network = network;
            this.nodes = nodes;
        }

        public string ConnectionString => nodes[0].GetConnectionString();

        public string LoopbackAddress(int node) => $"127.0.0.1:{nodes[node].GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort)}";

        public static async Task<Cluster> StartAsync()
        {
            // The image's clustering (RABBITMQ_CLUSTER_NODES) is the project's own, not the official image's.
            var image = Environment.GetEnvironmentVariable("ALLIANCE_RABBITMQ_IMAGE") is { } configured && configured.StartsWith("alliance/", StringComparison.Ordinal)
                ? configured
                : "alliance/rabbitmq:3.10";
            var network = new NetworkBuilder().WithName($"alliance-cluster-{Guid.NewGuid():N}"[..25]).Build();
            await network.CreateAsync(Ct);
            var cookie = Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"));
            var nodes = NodeNames.Select(name => new RabbitMqBuilder(image)
                    .WithNetwork(network)
                    .WithNetworkAliases(name)
                    .WithHostname(name)
                    .WithResourceMapping(cookie, "/run/secrets/rabbitmq-cookie")
                    .WithEnvironment("RABBITMQ_ERLANG_COOKIE_FILE", "/run/secrets/rabbitmq-cookie")
                    .WithEnvironment("RABBITMQ_CLUSTER_NODES", string.Join(' ', NodeNames.Select(n => "rabbit@" + n)))
                    .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "+sbwt none +sbwtdcpu none +sbwtdio none -rabbit consumer_timeout 3600000")
                    .Build())
                .ToArray();
            var cluster = new Cluster(network, nodes);
            try
            {
                await Task.WhenAll(nodes.Select(node => node.StartAsync(Ct)));
                await Eventually.ReturnsAsync(cluster.RunningNodesAsync, running => running == 3, "Three running nodes", TimeSpan.FromSeconds(90));
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        /// <summary>Stops (docker stop) the node of that name; its container and data stay.</summary>
        public async Task StopAsync(string nodeName)
        {
            var index = Array.IndexOf(NodeNames, nodeName);
            stopped.Add(index);
            await nodes[index].StopAsync(Ct);
        }

        /// <summary>
        /// The node (<c>rabbitmq-2</c>) that holds the bus's connection, asked of a running node: the
        /// connections other than the short ones of the topology declaration and the error queues.
        /// </summary>
        public async Task<string?> BusNodeAsync(string? except)
        {
            var output = await CtlAsync("list_connections", "-q", "--no-table-headers", "pid", "client_properties");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => !line.Contains("topology-declaration", StringComparison.Ordinal) && !line.Contains("error-replay", StringComparison.Ordinal))
                .Select(line => ConnectionNode().Match(line))
                .Where(match => match.Success)
                .Select(match => match.Groups[1].Value)
                .FirstOrDefault(node => node != except);
        }

        private async Task<int> RunningNodesAsync()
        {
            var output = await CtlAsync("cluster_status", "--formatter", "json");
            return Regex.Match(output, "\"running_nodes\":\\[([^\\]]*)\\]") is { Success: true } match
                ? match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Length
                : 0;
        }

        private async Task<string> CtlAsync(params string[] arguments)
        {
            var running = nodes.Where((_, i) => !stopped.Contains(i)).First();
            var result = await running.ExecAsync(["rabbitmqctl", .. arguments], Ct);
            return result.ExitCode == 0 ? result.Stdout : "";
        }

        public async ValueTask DisposeAsync()
        {
            await Task.WhenAll(nodes.Select(node => node.DisposeAsync().AsTask()));
            await network.DisposeAsync();
        }

        /// <summary>A connection's process id names its node: <c>&lt;rabbit@rabbitmq-2.1764...&gt;</c>.</summary>
        [GeneratedRegex(@"<rabbit@([^.>]+)\.")]
        private static partial Regex ConnectionNode();
    }
}
