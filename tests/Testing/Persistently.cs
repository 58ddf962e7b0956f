using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Alliance.Testing;

/// <summary>Calls as a careful app makes them while the system is under a fault.</summary>
public static class Persistently
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A POST sent with one Idempotency-Key until an answer that is not a fault: a dropped connection,
    /// a 5xx, a 429 or 409 <c>idempotency_key_in_flight</c> are sent again with the same key and body,
    /// so the work is done once however often it is sent. Returns the last answer after <paramref name="within"/>.
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body, int Attempts)> PostAsync(
        HttpClient client, string path, object? body, TimeSpan within, string? key = null)
    {
        key ??= Guid.NewGuid().ToString();
        var deadline = DateTime.UtcNow + within;
        var last = (Status: (HttpStatusCode)0, Body: default(JsonElement));
        var attempts = 0;
        while (DateTime.UtcNow < deadline)
        {
            attempts++;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request, Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                last = (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
                if (!IsFault(response.StatusCode, text))
                {
                    return (last.Status, last.Body, attempts);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested)
            {
                // The connection dropped or the answer did not come: the same request again.
                last = ((HttpStatusCode)0, default);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        }

        return (last.Status, last.Body, attempts);
    }

    public static bool IsFault(HttpStatusCode status, string body) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests
        || (status == HttpStatusCode.Conflict && body.Contains("idempotency_key_in_flight", StringComparison.Ordinal));
}
