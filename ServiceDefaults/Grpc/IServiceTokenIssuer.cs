using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Alliance.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>A new access token for internal gRPC, and how long it lives.</summary>
public sealed record IssuedServiceToken(string AccessToken, TimeSpan Lifetime);

/// <summary>Where a service's own token comes from; <see cref="ServiceTokens"/> holds and renews it.</summary>
public interface IServiceTokenIssuer
{
    Task<IssuedServiceToken> IssueAsync(CancellationToken ct);
}

/// <summary>
/// Every service but Identity: the client_credentials grant at Identity's token endpoint (client id
/// <c>Identity:ClientId</c>, secret <c>Identity:ClientSecret</c>, scope <c>alliance-internal</c>).
/// </summary>
public sealed partial class IdentityTokenClient(IHttpClientFactory clients, IConfiguration configuration, ILogger<IdentityTokenClient> logger) : IServiceTokenIssuer
{
    /// <summary>Identity's token endpoint, reached over its internal address by service discovery.</summary>
    public static readonly Uri TokenEndpoint = new("http://identity/identity/connect/token");

    public async Task<IssuedServiceToken> IssueAsync(CancellationToken ct)
    {
        var clientId = Require("Identity:ClientId");
        using var http = clients.CreateClient(nameof(IdentityTokenClient));
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
        return new IssuedServiceToken(answer.AccessToken, TimeSpan.FromSeconds(answer.ExpiresIn));
    }

    private string Require(string key) => configuration[key]
        ?? throw new InvalidOperationException($"{key} is not set: the AppHost sets it for every service that calls internal gRPC.");

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity refused the service token of {ClientId} with {Status}")]
    private static partial void LogRefused(ILogger logger, string clientId, int status);
}
