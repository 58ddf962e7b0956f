using Alliance.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliance.Messaging.Consuming;

/// <summary>
/// Opens the <see cref="ConsumerGate"/> once the service's migrations are applied; afterwards, each
/// time a consumer reports its database away, checks the database and keeps the gate closed until it
/// answers again.
/// </summary>
internal sealed class ConsumerGateWatcher<TContext>(
    ConsumerGate gate,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<ConsumerGateWatcher<TContext>> logger,
    DatabaseReadiness? readiness = null) : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Consumers write the service's tables: none may run before the migrations that make them.
        while (readiness is { IsReady: false })
        {
            await Task.Delay(200, stoppingToken);
        }

        await gate.OpenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await gate.WaitForFaultAsync(stoppingToken);
            if (await AnswersAsync(stoppingToken))
            {
                // One call failed, the database did not go: nothing to pause. Listen for the next report.
                gate.ClearFault();
                continue;
            }

            await gate.CloseAsync(stoppingToken);
            var away = time.GetUtcNow();
            while (!await AnswersAsync(stoppingToken))
            {
                await Task.Delay(options.Value.DatabaseProbeInterval, time, stoppingToken);
            }

            logger.LogInformation("The service's database answers again after {Seconds:0} s: consumers resume", (time.GetUtcNow() - away).TotalSeconds);
            await gate.OpenAsync(stoppingToken);
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return await scope.ServiceProvider.GetRequiredService<TContext>().Database.CanConnectAsync(timeout.Token);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogDebug(ex, "The database probe failed");
            return false;
        }
    }
}
