using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.AppHost;

/// <summary>
/// Logs, from the AppHost's own start, when each container and service is running (whatever it
/// waited for is there) and when it turns ready (healthy), so a slow start says where its time went:
/// the <c>Alliance.Startup</c> lines of <c>.alliance/apphost.log</c> under <c>./alliance up</c>.
/// </summary>
internal static partial class StartupTimeline
{
    public static IDistributedApplicationBuilder LogStartupTimeline(this IDistributedApplicationBuilder builder)
    {
        var clock = Stopwatch.StartNew();
        builder.Eventing.Subscribe<BeforeStartEvent>((e, cancellation) =>
        {
            var logger = Logger(e.Services);
            var resources = e.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = WatchRunningAsync(resources, logger, clock, stopping);
            return Task.CompletedTask;
        });
        builder.Eventing.Subscribe<ResourceReadyEvent>((e, _) =>
        {
            if (e.Resource is not ParameterResource)
            {
                LogReady(Logger(e.Services), e.Resource.Name, clock.Elapsed.TotalSeconds);
            }

            return Task.CompletedTask;
        });
        return builder;
    }

    private static async Task WatchRunningAsync(ResourceNotificationService resources, ILogger logger, Stopwatch clock, CancellationToken stopping)
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in resources.WatchAsync(stopping))
            {
                if (change.Resource is not ParameterResource && change.Snapshot.State?.Text == KnownResourceStates.Running && running.Add(change.ResourceId))
                {
                    LogRunning(logger, change.Resource.Name, clock.Elapsed.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Alliance.Startup");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} running at {Seconds:0.0} s")]
    private static partial void LogRunning(ILogger logger, string resource, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} ready at {Seconds:0.0} s")]
    private static partial void LogReady(ILogger logger, string resource, double seconds);
}
