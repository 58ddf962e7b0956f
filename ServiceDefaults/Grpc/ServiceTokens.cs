using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>
/// This service's own access token for internal gRPC (audience <c>alliance-internal</c>), from its
/// <see cref="IServiceTokenIssuer"/> (the client_credentials grant at Identity, or Identity's own
/// key inside Identity), shared by every call. From half its life it is renewed in the
/// background, so no call waits for Identity while a good token is held; while Identity does not
/// answer, the held token serves until it expires (renewal is tried again every
/// <see cref="RetryPause"/>), so a service keeps calling its neighbours through an Identity outage of
/// up to half a token's life. Only a service with no good token waits for a new one.
/// </summary>
public sealed partial class ServiceTokens(IServiceTokenIssuer issuer, TimeProvider time, ILogger<ServiceTokens> logger) : IDisposable
{
    /// <summary>How long after a failed renewal the next is tried.</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(15);

    /// <summary>Not used in its last seconds: a call made then could arrive with an expired token.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock sync = new();
    private volatile Held? held;
    private Task renewal = Task.CompletedTask;
    private DateTimeOffset nextRenewal = DateTimeOffset.MinValue;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (held is { } current && now < current.ExpiresAt)
        {
            if (now >= current.RenewAt)
            {
                RenewInBackground(now);
            }

            return current.Token;
        }

        await gate.WaitAsync(ct);
        try
        {
            return held is { } renewed && time.GetUtcNow() < renewed.ExpiresAt ? renewed.Token : await RequestAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Completes when the renewal under way, if any, has ended (tests wait on it).</summary>
    public Task RenewalAsync()
    {
        lock (sync)
        {
            return renewal;
        }
    }

    private void RenewInBackground(DateTimeOffset now)
    {
        lock (sync)
        {
            if (!renewal.IsCompleted || now < nextRenewal)
            {
                return;
            }

            nextRenewal = now + RetryPause;
            renewal = Task.Run(async () =>
            {
                await gate.WaitAsync();
                try
                {
                    if (held is { } current && time.GetUtcNow() < current.RenewAt)
                    {
                        return;
                    }

                    await RequestAsync(CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // Identity away: the token in hand is good until it expires.
                    LogRenewalFailed(logger, ex, held?.ExpiresAt);
                }
                finally
                {
                    gate.Release();
                }
            });
        }
    }

    private async Task<string> RequestAsync(CancellationToken ct)
    {
        var issued = await issuer.IssueAsync(ct);
        var now = time.GetUtcNow();
        held = new Held(issued.AccessToken, now + (issued.Lifetime / 2), now + issued.Lifetime - ExpiryMargin);
        return issued.AccessToken;
    }

    /// <summary>Drops the held token (the callee refused it: Identity's key changed, say); the next call gets a new one.</summary>
    public void Invalidate() => held = null;

    /// <summary>The gate goes once a renewal under way has ended.</summary>
    public void Dispose() => RenewalAsync().ContinueWith(_ => gate.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private sealed record Held(string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the service token failed; the one held is used until {ExpiresAt}")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, DateTimeOffset? expiresAt);
}
