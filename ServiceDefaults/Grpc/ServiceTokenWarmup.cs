using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>
/// Fetches the service's token as soon as it starts, not at its first call: a service started (or
/// restarted after a crash) shortly before an Identity outage then holds a token through it, as one
/// that had already called would. Tries again every <see cref="ServiceTokens.RetryPause"/> until it has one.
/// </summary>
internal sealed partial class ServiceTokenWarmup(ServiceTokens tokens, TimeProvider time, ILogger<ServiceTokenWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await tokens.GetAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogNotYet(logger, ex, ServiceTokens.RetryPause.TotalSeconds);
            }

            try
            {
                await Task.Delay(ServiceTokens.RetryPause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No service token yet (Identity did not answer); trying again in {Seconds} s")]
    private static partial void LogNotYet(ILogger logger, Exception exception, double seconds);
}
