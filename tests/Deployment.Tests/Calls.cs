using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>Calls as a careful app makes them while the stack is under a fault.</summary>
public static class Calls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A GET read again until it answers 2xx (up to <paramref name="within"/>).</summary>
    public static async Task<JsonElement> GetPersistentlyAsync(HttpClient client, string path, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(path, Ct);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        }
    }

    /// <summary>Asserts a persistent POST ended in success and returns its body.</summary>
    public static async Task<JsonElement> OkPersistentlyAsync(HttpClient client, string path, object? body, TimeSpan within)
    {
        var (status, answer, _) = await Persistently.PostAsync(client, path, body, within);
        Assert.True((int)status is >= 200 and < 300, $"POST {path}: {(int)status} {answer}");
        return answer;
    }
}
