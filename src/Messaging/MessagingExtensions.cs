using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    /// <summary>The connection string name the AppHost injects for the broker.</summary>
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// Registers MassTransit over RabbitMQ from <c>ConnectionStrings:rabbitmq</c> (an amqp URI), with
    /// publisher confirms, in-process retries with back-off, and receive endpoints prefixed with the
    /// service's name (<c>points-need-confirmed</c>), so two services consuming one event each get a copy.
    /// MassTransit adds its bus to <c>/health</c> with the <c>ready</c> tag.
    /// </summary>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set. The AppHost injects it; outside it, set it in configuration.");
        var broker = new Uri(connectionString);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker, host =>
                {
                    var (user, password) = Credentials(broker);
                    host.Username(user);
                    host.Password(password);
                    host.PublisherConfirmation = true;
                });
                rabbit.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static (string User, string Password) Credentials(Uri broker)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}
