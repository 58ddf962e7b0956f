using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Alliance.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>
/// This service's own access token for internal gRPC: the client_credentials grant at Identity
/// (client id <c>Identity:ClientId</c>, secret <c>Identity:ClientSecret</c>, audience
/// <c>alliance-internal</c>), shared by every call. From half its life it is renewed in the
/// background, so no call waits for Identity while a good token is held; while Identity does not
/// answer, the held token serves until it expires (renewal is tried again every
/// <see cref="RetryPause"/>), so a service keeps calling its neighbours through an Identity outage of
/// up to half a token's life. Only a service with no good token waits for a new one.
/// </summary>
public sealed partial class ServiceTokens(IHttpClientFactory clients, IConfiguration configuration, TimeProvider time, ILogger<ServiceTokens> logger) : IDisposable
{
    /// <summary>Identity's token endpoint, reached over its internal address by service discovery.</summary>
    public static readonly Uri TokenEndpoint = new("http://identity/identity/connect/token");

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
        var clientId = Require("Identity:ClientId");
        using var http = clients.CreateClient(nameof(ServiceTokens));
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = Require("Identity:ClientSecret"),
            ["scope"] = Audiences.Internal,
        }), ct);
        if (!response.IsSuccessStatusCode)
        {
            LogRefused(logger, clientId, (int)response.StatusCode);
            throw new HttpRequestException($"Identity refused {clientId}'s service token ({(int)response.StatusCode}).", null, response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(ct)
            ?? throw new HttpRequestException("Identity's token answer was empty.");
        var now = time.GetUtcNow();
        var life = TimeSpan.FromSeconds(answer.ExpiresIn);
        held = new Held(answer.AccessToken, now + (life / 2), now + life - ExpiryMargin);
        return answer.AccessToken;
    }

    /// <summary>Drops the held token (the callee refused it: Identity's key changed, say); the next call gets a new one.</summary>
    public void Invalidate() => held = null;

    /// <summary>The gate goes once a renewal under way has ended.</summary>
    public void Dispose() => RenewalAsync().ContinueWith(_ => gate.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private sealed record Held(string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);

    private string Require(string key) => configuration[key]
        ?? throw new InvalidOperationException($"{key} is not set: the AppHost sets it for every service that calls internal gRPC.");

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the service token failed; the one held is used until {ExpiresAt}")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity refused the service token of {ClientId} with {Status}")]
    private static partial void LogRefused(ILogger logger, string clientId, int status);
}
