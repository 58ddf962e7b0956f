using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Alliance.Messaging.Topology;

/// <summary>
/// Declares, at start, every consumer queue of the system (<see cref="SystemTopology"/>, plus any
/// <see cref="ConsumerEndpoint"/> registered in the container) exactly as MassTransit's receive endpoints
/// declare them: the queue with the configured arguments, a fanout exchange of the queue's name bound
/// to it, and each event's exchange bound to that. Declaring is idempotent, so every service does it;
/// the broker away is retried with back-off until it answers. The outbox publishes nothing before
/// this has ended, and publishes an event some queue takes as mandatory: no bound queue, no "sent".
/// </summary>
public sealed class TopologyDeclaration(
    Broker broker,
    QueueArguments arguments,
    IEnumerable<ConsumerEndpoint> extraQueues,
    TimeProvider time,
    ILogger<TopologyDeclaration> logger) : BackgroundService
{
    private static readonly RabbitMqMessageNameFormatter EventNames = new();
    private readonly TaskCompletionSource declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ConsumerEndpoint> Queues { get; } = [.. SystemTopology.Queues, .. extraQueues];

    /// <summary>Whether some declared queue takes <paramref name="eventType"/>: its publishes are mandatory.</summary>
    public bool IsConsumed(Type eventType) => Queues.Any(q => q.Events.Contains(eventType));

    /// <summary>The exchange an event is published to (MassTransit's name for its type).</summary>
    public static string ExchangeOf(Type eventType) => EventNames.GetMessageName(eventType);

    /// <summary>Completes when the declaration has ended (done, or refused by the broker for good).</summary>
    public Task WaitDeclaredAsync(CancellationToken ct) => declared.Task.WaitAsync(ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeclareAsync(stoppingToken);
                logger.LogInformation("Declared the system's {Queues} consumer queues ({QueueType})", Queues.Count, arguments.Type);
                break;
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
            {
                // PRECONDITION_FAILED: a queue exists with other arguments (its type changed, say). Not
                // transient; the service runs on, and its own endpoints fail the same way, loudly.
                logger.LogError(ex, "A consumer queue exists with other arguments than Messaging:QueueType={QueueType} asks for: {Reason}. "
                    + "RabbitMQ cannot change a queue's type; see docs/messaging.md to reset a development broker", arguments.Type, ex.ShutdownReason.ReplyText);
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Declaring the system's queues failed (attempt {Attempt}); trying again", attempt);
                await Task.Delay(MessagingOptions.Backoff(attempt, TimeSpan.FromSeconds(30)), time, stoppingToken);
            }
        }

        declared.TrySetResult();
    }

    private async Task DeclareAsync(CancellationToken ct)
    {
        await using var connection = await broker.ConnectAsync("topology-declaration", ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        foreach (var queue in Queues)
        {
            await channel.ExchangeDeclareAsync(queue.QueueName, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.QueueDeclareAsync(queue.QueueName, durable: true, exclusive: false, autoDelete: false, arguments.ForQueue(), cancellationToken: ct);
            await channel.QueueBindAsync(queue.QueueName, queue.QueueName, "", cancellationToken: ct);
            foreach (var type in queue.Events)
            {
                await channel.ExchangeDeclareAsync(ExchangeOf(type), ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
                await channel.ExchangeBindAsync(queue.QueueName, ExchangeOf(type), "", cancellationToken: ct);
            }
        }
    }
}

/// <summary>
/// The arguments of every consumer queue: classic, or quorum with a delivery limit (a backstop against
/// a message that crashes its consumer's process over and over).
/// </summary>
public sealed record QueueArguments(string Type, int DeliveryLimit)
{
    public const string Classic = "classic";
    public const string Quorum = "quorum";

    public bool IsQuorum => Type == Quorum;

    public Dictionary<string, object?>? ForQueue() => IsQuorum
        ? new Dictionary<string, object?> { ["x-queue-type"] = Quorum, ["x-delivery-limit"] = DeliveryLimit }
        : null;

    /// <summary>The same on one of MassTransit's receive endpoints.</summary>
    public void Apply(IReceiveEndpointConfigurator endpoint)
    {
        if (IsQuorum && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
            rabbit.SetQueueArgument("x-delivery-limit", DeliveryLimit);
        }
    }
}
