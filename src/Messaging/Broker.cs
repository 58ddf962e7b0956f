using RabbitMQ.Client;

namespace Alliance.Messaging;

/// <summary>
/// Where the broker is: <c>ConnectionStrings:rabbitmq</c> (credentials, virtual host, and the one node
/// to connect to), or, with <c>Messaging:Nodes</c>, every node of a cluster with that URI's credentials
/// and virtual host. Every connection the service makes (the bus, the topology declaration, the error
/// queues) goes through this, so losing the node it is connected to moves it to another.
/// </summary>
public sealed class Broker
{
    private Broker(Uri uri, IReadOnlyList<AmqpTcpEndpoint> nodes)
    {
        Uri = uri;
        Nodes = nodes;
    }

    /// <summary>The connection string as a URI: user, password, virtual host, and a node.</summary>
    public Uri Uri { get; }

    /// <summary>The cluster's nodes, from <c>Messaging:Nodes</c>; empty for a single broker.</summary>
    public IReadOnlyList<AmqpTcpEndpoint> Nodes { get; }

    public bool IsCluster => Nodes.Count > 0;

    /// <summary>
    /// Reads the connection string and the nodes (<c>host</c> or <c>host:port</c>; without a port,
    /// the connection string's, else AMQP's). A node that is not a plain address is an error at start.
    /// </summary>
    public static Broker From(string connectionString, IEnumerable<string>? nodes)
    {
        var uri = new Uri(connectionString);
        var tls = uri.Scheme == "amqps";
        var defaultPort = uri.Port >= 0 ? uri.Port : tls ? AmqpTcpEndpoint.DefaultAmqpSslPort : 5672;
        var endpoints = (nodes ?? [])
            .Where(node => !string.IsNullOrWhiteSpace(node))
            .Select(node => Node(node.Trim(), defaultPort, tls))
            .ToList();
        return new Broker(uri, endpoints);
    }

    /// <summary>The nodes as MassTransit's <c>UseCluster</c> takes them: <c>host:port</c>.</summary>
    public IEnumerable<string> ClusterNodeAddresses() =>
        Nodes.Select(node => $"{node.HostName}:{node.Port}");

    /// <summary>
    /// A connection to the broker: to the connection string's node, or to whichever of the cluster's
    /// nodes answers first (RabbitMQ.Client tries them in a random order).
    /// </summary>
    public Task<IConnection> ConnectAsync(string clientName, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = Uri, ClientProvidedName = clientName };
        return IsCluster ? factory.CreateConnectionAsync(Nodes, ct) : factory.CreateConnectionAsync(ct);
    }

    private static AmqpTcpEndpoint Node(string node, int defaultPort, bool tls)
    {
        if (!Uri.TryCreate("amqp://" + node, UriKind.Absolute, out var parsed)
            || parsed.UserInfo.Length > 0 || parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            throw new InvalidOperationException($"Messaging:Nodes holds '{node}': each node is a host or host:port (rabbitmq-1, rabbitmq-1:5672).");
        }

        var port = parsed.Port >= 0 ? parsed.Port : defaultPort;
        return new AmqpTcpEndpoint(parsed.IdnHost, port, new SslOption(parsed.IdnHost, enabled: tls));
    }
}
