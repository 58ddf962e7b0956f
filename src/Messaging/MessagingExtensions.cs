using Alliance.Contracts.Events;
using Alliance.Messaging;
using Alliance.Messaging.Consuming;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Faults;
using Alliance.Messaging.Inbox;
using Alliance.Messaging.Outbox;
using Alliance.Messaging.Topology;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    /// <summary>The connection string name the AppHost injects for the broker.</summary>
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// Registers everything a service needs to publish and consume events: MassTransit over RabbitMQ
    /// from <c>ConnectionStrings:rabbitmq</c> with publisher confirms and in-process retries; receive
    /// endpoints prefixed with the service's name (<c>points-need-confirmed</c>), so two services
    /// consuming one event each get a copy; the outbox dispatcher, the inbox and the due-work sweeper
    /// on the service's own <typeparamref name="TContext"/>. MassTransit puts its bus in <c>/health</c>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set. The AppHost injects it; outside it, set it in configuration.");
        var settings = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        var broker = Broker.From(connectionString, settings.Nodes);
        var queuePrefix = settings.QueuePrefix ?? serviceName;

        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection("Messaging"));
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        builder.Services.AddScoped<Inbox<TContext>>();
        builder.Services.AddScoped(services => new MessagingDb(services.GetRequiredService<TContext>()));
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddHostedService<DueWorkSweeper<TContext>>();
        builder.Services.AddSingleton<ConsumerGate>();
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<ConsumerGate>());
        builder.Services.AddHostedService<ConsumerGateWatcher<TContext>>();
        // A stopping endpoint (the database away, the service stopping) cancels its consumers after
        // this; their messages go back to their queues instead of holding the stop.
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.ConsumerStopTimeout = settings.ConsumerStopTimeout;
            host.StopTimeout = settings.ConsumerStopTimeout + TimeSpan.FromSeconds(25);
        });
        builder.Services.AddSingleton(broker);
        builder.Services.AddSingleton(services => new ErrorQueues(broker, queuePrefix, services.GetRequiredService<ConsumerGate>()));
        var queueArguments = new QueueArguments(QueueTypeOf(settings, builder.Environment), settings.DeliveryLimit);
        builder.Services.AddSingleton(queueArguments);
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<TopologyDeclaration>(services, broker));
        builder.Services.AddHostedService(services => services.GetRequiredService<TopologyDeclaration>());
        builder.Services.AddHealthChecks().AddCheck<MessagingHealthCheck<TContext>>("messaging", tags: [Extensions.ReadyTag]);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(queuePrefix, includeNamespace: false));
            // The broker away degrades a service, it does not make it unready: the outbox keeps its events.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            consumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, endpoint) => queueArguments.Apply(endpoint));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Credentials come from the URI's user info; confirms make Publish wait for the broker.
                rabbit.Host(broker.Uri, host =>
                {
                    host.PublisherConfirmation = true;
                    if (broker.IsCluster)
                    {
                        // The bus connects to the first node that answers and, when that node goes away,
                        // reconnects to the next. Each instance starts at a random node, so connections
                        // (and the quorum queues' leaders, placed where they are declared) spread.
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in broker.ClusterNodeAddresses().OrderBy(_ => Random.Shared.Next()))
                            {
                                cluster.Node(node);
                            }
                        });
                    }
                });
                // The marker interface is not a topic: publish only to each event's own exchange.
                rabbit.Publish<IIntegrationEvent>(publish => publish.Exclude = true);
                rabbit.PrefetchCount = settings.PrefetchCount;
                // Transient faults are waited out; a permanent one goes to _error at once, its reason
                // in the MT-Fault-* headers. The gate sits inside the retry, around every attempt.
                rabbit.UseMessageRetry(retry =>
                {
                    retry.Intervals(settings.TransientRetryIntervals());
                    retry.Handle<Exception>(TransientFaults.IsTransient);
                });
                rabbit.UseFilter(new ConsumerGateFilter(context.GetRequiredService<ConsumerGate>()));
                rabbit.ConfigureEndpoints(context);
            });
        });
        // The bus starts once the gate opens (after the migrations), not with the host.
        builder.Services.RemoveMassTransitHostedService();
        builder.Services.AddHostedService<BusLifetime>();
        ConsumersMatchTheSystemTopology(builder.Services, serviceName);
        return builder;
    }

    private static string QueueTypeOf(MessagingOptions settings, IHostEnvironment environment) =>
        settings.QueueType switch
        {
            null or "" => environment.IsProduction() ? QueueArguments.Quorum : QueueArguments.Classic,
            QueueArguments.Classic or QueueArguments.Quorum => settings.QueueType,
            _ => throw new InvalidOperationException($"Messaging:QueueType is '{settings.QueueType}': it is 'classic' or 'quorum'."),
        };

    /// <summary>
    /// A service of the system consumes exactly what <see cref="SystemTopology"/> says it does: the list
    /// every service declares cannot drift from the consumers registered here.
    /// </summary>
    private static void ConsumersMatchTheSystemTopology(IServiceCollection services, string serviceName)
    {
        if (!SystemTopology.Services.Contains(serviceName))
        {
            return;
        }

        var names = new KebabCaseEndpointNameFormatter(includeNamespace: false);
        var consumerMethod = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        var registered = services
            .Select(d => d.ServiceType)
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace?.StartsWith("Alliance.", StringComparison.Ordinal) == true)
            .Distinct()
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
                .Select(i => $"{consumerMethod.MakeGenericMethod(t).Invoke(names, null)} <- {i.GetGenericArguments()[0].Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = SystemTopology.Queues
            .Where(q => q.Service == serviceName)
            .SelectMany(q => q.Events.Select(e => $"{q.Consumer} <- {e.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!registered.SequenceEqual(listed))
        {
            throw new InvalidOperationException(
                $"The consumers of '{serviceName}' ({string.Join(", ", registered)}) are not those SystemTopology lists for it "
                + $"({string.Join(", ", listed)}): change src/Messaging/Topology/SystemTopology.cs with the consumers.");
        }
    }
}
