using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alliance.Testing;

/// <summary>
/// A service's messaging alone in a host, wired as a service wires it: its own database
/// (<typeparamref name="TDb"/>), the real broker, a service name that prefixes its queues, and the
/// consumers and services a test gives it.
/// </summary>
public sealed class MessagingHost<TDb> : IAsyncDisposable where TDb : DbContext
{
    private readonly IHost host;

    internal MessagingHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>A DbContext of this host in its own scope, as a request would have.</summary>
    public TDb CreateDb() => host.Services.CreateScope().ServiceProvider.GetRequiredService<TDb>();

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(stop.Token);
        host.Dispose();
    }
}

public static class MessagingHost
{
    /// <summary>A service name no other host in this run uses: <c>pub1a2b3c4d</c>.</summary>
    public static string UniqueService(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];

    public static async Task<MessagingHost<TDb>> StartAsync<TDb>(
        string database,
        string broker,
        string service,
        Action<IBusRegistrationConfigurator>? consumers = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
        where TDb : DbContext
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddDbContextPool<TDb>((provider, options) => options
            .UseServiceDatabase(database)
            .AddInterceptors(provider.GetServices<IInterceptor>()));
        builder.AddMessaging<TDb>(service, consumers);
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(60);
        });
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new MessagingHost<TDb>(host);
    }
}
