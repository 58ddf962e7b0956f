using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>A need's steps through the API, for tests that need a need in some state.</summary>
internal static class NeedSteps
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>POSTs (a JSON body, or none) and returns the answer.</summary>
    public static Task<HttpResponseMessage> Send(this HttpClient client, string path, object? body = null) =>
        body is null ? client.PostAsync(path, null, Ct) : client.PostAsJsonAsync(path, body, Ct);

    /// <summary>POSTs and throws with the problem unless it succeeded; returns the body.</summary>
    public static async Task<JsonElement> Must(this HttpClient client, string path, object? body = null)
    {
        using var response = await client.Send(path, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> Read(this HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path, Ct);

    public static object Hours(params (Guid Volunteer, decimal Hours, decimal Night)[] helpers) => new
    {
        helpers = helpers.Select(h => new { volunteerId = h.Volunteer, hours = h.Hours, nightHours = h.Night }).ToArray(),
        note = "已经处理好了",
    };

    /// <summary>A posted need, claimed by a new verified volunteer and accepted by the resident.</summary>
    public static async Task<(Guid Need, HttpClient Resident, Guid VolunteerId, HttpClient Volunteer)> AcceptedAsync(this NeedsApp app, bool start = false)
    {
        var (need, resident) = await app.PostNeedAsync();
        var (volunteerId, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{need}/claims");
        await resident.Must($"/needs/{need}/acceptance");
        if (start)
        {
            await volunteer.Must($"/needs/{need}/start");
        }

        return (need, resident, volunteerId, volunteer);
    }
}
