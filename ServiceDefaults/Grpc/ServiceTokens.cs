using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Alliance.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>
/// This service's own access token for internal gRPC: the client_credentials grant at Identity
/// (client id <c>Identity:ClientId</c>, secret <c>Identity:ClientSecret</c>, audience
/// <c>alliance-internal</c>), kept until a minute before it expires and shared by every call.
/// </summary>
public sealed partial class ServiceTokens(IHttpClientFactory clients, IConfiguration configuration, TimeProvider time, ILogger<ServiceTokens> logger) : IDisposable
{
    /// <summary>Identity's token endpoint, reached over its internal address by service discovery.</summary>
    public static readonly Uri TokenEndpoint = new("http://identity/identity/connect/token");

    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Held? held;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        if (held is { } current && time.GetUtcNow() < current.RenewAt)
        {
            return current.Token;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (held is { } renewed && time.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Token;
            }

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
            held = new Held(answer.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(answer.ExpiresIn) - RenewBefore);
            return answer.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops the held token (the callee refused it: Identity's key changed, say); the next call gets a new one.</summary>
    public void Invalidate() => held = null;

    public void Dispose() => gate.Dispose();

    private sealed record Held(string Token, DateTimeOffset RenewAt);

    private string Require(string key) => configuration[key]
        ?? throw new InvalidOperationException($"{key} is not set: the AppHost sets it for every service that calls internal gRPC.");

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity refused the service token of {ClientId} with {Status}")]
    private static partial void LogRefused(ILogger logger, string clientId, int status);
}
