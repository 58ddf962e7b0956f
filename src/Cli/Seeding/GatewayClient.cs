using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Alliance.Cli.Seeding;

/// <summary>
/// Calls through the gateway as an app would: a bearer token per request (the client is shared),
/// JSON bodies, an optional Idempotency-Key. A 429 waits as long as Retry-After says, since the
/// token endpoint and sign-up are held to a few calls a minute; a 502, 503 or 504 is tried again a
/// few times with back-off. Anything else is the caller's to read.
/// </summary>
internal sealed class GatewayClient(HttpClient http)
{
    private const int MaxUnavailableRetries = 5;
    private static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromMinutes(15);
    private int rateLimited;

    /// <summary>How many times the gateway's rate limit made a call wait.</summary>
    public int RateLimitWaits => rateLimited;

    public Task<ApiAnswer> GetAsync(string path, string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, token, null, null, ct);

    public Task<ApiAnswer> PostAsync(string path, string? token, object? body, string? idempotencyKey, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, token, body is null ? null : () => JsonContent.Create(body, options: ApiAnswer.Json), idempotencyKey, ct);

    public Task<ApiAnswer> PatchAsync(string path, string token, object body, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, token, () => JsonContent.Create(body, options: ApiAnswer.Json), null, ct);

    public Task<ApiAnswer> PostFormAsync(string path, IReadOnlyDictionary<string, string> form, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, null, () => new FormUrlEncodedContent(form), null, ct);

    private async Task<ApiAnswer> SendAsync(
        HttpMethod method, string path, string? token, Func<HttpContent>? content, string? idempotencyKey, CancellationToken ct)
    {
        var waitedForLimit = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && waitedForLimit < MaxRateLimitWait)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                Interlocked.Increment(ref rateLimited);
                waitedForLimit += wait;
                await Task.Delay(wait, ct);
                continue;
            }

            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                && attempt <= MaxUnavailableRetries)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), ct);
                continue;
            }

            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);
            return new ApiAnswer(method, path, response.StatusCode, body, replayed);
        }
    }
}

/// <summary>A status and body from the gateway; problems carry a stable <c>code</c>, OAuth errors an <c>error</c>.</summary>
internal sealed record ApiAnswer(HttpMethod Method, string Path, HttpStatusCode Status, string Body, bool Replayed = false)
{
    /// <summary>Made by this call, not replayed from an earlier one with the same Idempotency-Key.</summary>
    public bool IsNew => IsSuccess && !Replayed;

    public static JsonSerializerOptions Json => JsonSerializerOptions.Web;

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The problem's <c>code</c>, or the OAuth <c>error</c>; null when the body has neither.</summary>
    public string? Code
    {
        get
        {
            try
            {
                var root = JsonDocument.Parse(Body).RootElement;
                return root.ValueKind != JsonValueKind.Object ? null
                    : root.TryGetProperty("code", out var code) ? code.GetString()
                    : root.TryGetProperty("error", out var error) ? error.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public bool Is(HttpStatusCode status, string code) => Status == status && Code == code;

    /// <summary>The body as JSON when the call succeeded; otherwise the seed stops with what the gateway said.</summary>
    public JsonElement Ok() => IsSuccess ? JsonDocument.Parse(Body).RootElement : throw Unexpected();

    public SeedException Unexpected() =>
        new($"{Method} {Path} answered {(int)Status} {Code ?? ""}: {(Body.Length > 300 ? Body[..300] : Body)}");
}

/// <summary>The seed cannot go on: the message says which call and what the gateway answered.</summary>
internal sealed class SeedException(string message) : Exception(message);
