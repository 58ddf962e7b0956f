using Microsoft.Extensions.Configuration;
using Xunit;

namespace Alliance.Messaging.Tests;

/// <summary>Issue 25: <c>Messaging:Nodes</c> names a cluster's nodes; the connection string keeps its credentials and virtual host.</summary>
public sealed class BrokerTests
{
    [Fact]
    public void WithoutNodes_TheConnectionStringIsTheBroker()
    {
        var broker = Broker.From("amqp://user:secret@rabbitmq:5672/alliance", MessagingOptionsFrom([]).Nodes);

        Assert.False(broker.IsCluster);
        Assert.Empty(broker.Nodes);
        Assert.Equal(new Uri("amqp://user:secret@rabbitmq:5672/alliance"), broker.Uri);
    }

    [Fact]
    public void Nodes_FromConfiguration_TakeTheConnectionStringsPort_UnlessTheyNameTheirOwn()
    {
        var options = MessagingOptionsFrom(new()
        {
            ["Messaging:Nodes:0"] = "rabbitmq-1",
            ["Messaging:Nodes:1"] = " rabbitmq-2:5673 ",
            ["Messaging:Nodes:2"] = "127.0.0.1:32768",
        });

        var broker = Broker.From("amqp://user:secret@rabbitmq-1:5674/", options.Nodes);

        Assert.True(broker.IsCluster);
        Assert.Equal(["rabbitmq-1:5674", "rabbitmq-2:5673", "127.0.0.1:32768"], broker.ClusterNodeAddresses());
        Assert.All(broker.Nodes, node => Assert.False(node.Ssl.Enabled));
        Assert.Equal("secret", broker.Uri.UserInfo.Split(':')[1]);
    }

    [Theory]
    [InlineData("amqp://u:p@rabbitmq", "rabbitmq-1:5672", false)]
    [InlineData("amqps://u:p@rabbitmq", "rabbitmq-1:5671", true)]
    public void ANodeWithoutAPort_GetsTheSchemesPort(string connectionString, string address, bool tls)
    {
        var broker = Broker.From(connectionString, ["rabbitmq-1"]);

        Assert.Equal([address], broker.ClusterNodeAddresses());
        Assert.Equal(tls, broker.Nodes[0].Ssl.Enabled);
    }

    [Theory]
    [InlineData("user@rabbitmq-1")]
    [InlineData("rabbitmq-1/vhost")]
    [InlineData("rabbitmq-1:port")]
    public void ANodeThatIsNotAnAddress_IsRefusedAtStart(string node)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Broker.From("amqp://u:p@rabbitmq", [node]));

        Assert.Contains("Messaging:Nodes", error.Message, StringComparison.Ordinal);
    }

    private static MessagingOptions MessagingOptionsFrom(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
}
