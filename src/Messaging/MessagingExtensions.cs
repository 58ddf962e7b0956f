using Alliance.Contracts.Events;
using Alliance.Messaging;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Inbox;
using Alliance.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        var broker = new Uri(connectionString);
        var settings = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        var queuePrefix = settings.QueuePrefix ?? serviceName;

        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection("Messaging"));
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        builder.Services.AddScoped<Inbox<TContext>>();
        builder.Services.AddScoped(services => new MessagingDb(services.GetRequiredService<TContext>()));
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddHostedService<DueWorkSweeper<TContext>>();
        builder.Services.AddSingleton(new ErrorQueues(broker, queuePrefix));

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(queuePrefix, includeNamespace: false));
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Credentials come from the URI's user info; confirms make Publish wait for the broker.
                rabbit.Host(broker, host => host.PublisherConfirmation = true);
                // The marker interface is not a topic: publish only to each event's own exchange.
                rabbit.Publish<IIntegrationEvent>(publish => publish.Exclude = true);
                rabbit.PrefetchCount = settings.PrefetchCount;
                rabbit.UseMessageRetry(retry => retry.Intervals(RetryIntervals(settings.ConsumerRetryLimit)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static TimeSpan[] RetryIntervals(int limit) =>
        Enumerable.Range(0, limit).Select(i => TimeSpan.FromMilliseconds(Math.Min(10_000, 200 * Math.Pow(2, i)))).ToArray();
}
