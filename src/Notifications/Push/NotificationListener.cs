using Microsoft.Extensions.Options;
using Npgsql;

namespace Alliance.Notifications.Push;

/// <summary>
/// One per replica: LISTENs on the service's own database for the <c>notifications</c> channel, where
/// a trigger announces each committed row as <c>recipient:id</c> (migration <c>Push</c>), whichever
/// replica made it, and hands the id to this replica's streams of that person. PostgreSQL sends a
/// NOTIFY only when its transaction commits, so a rolled-back notification is never pushed.
/// </summary>
internal sealed partial class NotificationListener(
    NpgsqlDataSource database, PushHub hub, IOptions<PushOptions> options, ILogger<NotificationListener> logger) : BackgroundService
{
    public const string Channel = "notifications";

    /// <summary>How the listening connection is named in <c>pg_stat_activity</c>, for ops (and the test that cuts it).</summary>
    public const string ApplicationName = "notifications-listener";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var lostOnce = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Handle(e.Payload);
                await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (lostOnce)
                {
                    // What was committed while this replica was not listening never reached its streams: they reconnect and resume.
                    hub.CloseAll();
                    LogListeningAgain(logger);
                }

                backoff = TimeSpan.FromSeconds(1);
                await ListenAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                lostOnce = true;
                LogLost(logger, ex, backoff);
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.Value.ListenerMaxBackoff.Ticks));
            }
        }
    }

    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // A connection that died without a word (a network cut) is found by asking it something when it has been quiet.
            if (!await connection.WaitAsync(options.Value.ListenerKeepAlive, stoppingToken))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    private void Handle(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Guid.TryParse(payload.AsSpan(0, colon), out var recipient) && Guid.TryParse(payload.AsSpan(colon + 1), out var id))
        {
            hub.Publish(recipient, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the database connection that listens for new notifications; listening again in {Backoff}. Open streams will resume by Last-Event-ID.")]
    private static partial void LogLost(ILogger logger, Exception exception, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for new notifications again; closed the open streams so they resume what they missed.")]
    private static partial void LogListeningAgain(ILogger logger);
}
