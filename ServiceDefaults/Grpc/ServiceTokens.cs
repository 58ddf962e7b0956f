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
    private string? token;
    private DateTimeOffset expiresAt;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        if (token is { } current && time.GetUtcNow() < expiresAt)
        {
            return current;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (token is { } renewed && time.GetUtcNow() < expiresAt)
            {
                return renewed;
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
            token = answer.AccessToken;
            expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(answer.ExpiresIn) - RenewBefore;
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private string Require(string key) => configuration[key]
        ?? throw new InvalidOperationException($"{key} is not set: the AppHost sets it for every service that calls internal gRPC.");

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity refused the service token of {ClientId} with {Status}")]
    private static partial void LogRefused(ILogger logger, string clientId, int status);
}
