using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>The people of a round and its steps, every call through the deployed gateway.</summary>
public sealed class Street(DeployedSystem stack)
{
    /// <summary>How long a step may take while a fault is being recovered from.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Help a volunteer can report right after starting (the half hour Needs:Hours:Allowance lets a
    /// helper claim at once): 0.5 h × 10 points × 1.2 for five stars = 6 points.
    /// </summary>
    public const decimal Hours = 0.5m;

    public const long PointsPerConfirmedNeed = 6;

    public People People { get; } = new(stack);

    /// <summary>A resident posts a need; the volunteer claims it; the resident accepts; the volunteer starts and completes it.</summary>
    public static async Task<Guid> DoneNeedAsync(HttpClient resident, HttpClient volunteer, Guid volunteerId, string title)
    {
        var need = (await Calls.OkPersistentlyAsync(resident, "/api/needs", People.Need(title, "companionship", helpers: 1), Patience)).GetProperty("id").GetGuid();
        await Calls.OkPersistentlyAsync(volunteer, $"/api/needs/{need}/claims", new { }, Patience);
        await Calls.OkPersistentlyAsync(resident, $"/api/needs/{need}/acceptance", null, Patience);
        await Calls.OkPersistentlyAsync(volunteer, $"/api/needs/{need}/start", null, Patience);
        await Calls.OkPersistentlyAsync(volunteer, $"/api/needs/{need}/completion",
            new { helpers = new[] { new { volunteerId, hours = Hours, nightHours = 0m } } }, Patience);
        return need;
    }

    public static Task ConfirmAsync(HttpClient resident, Guid need) =>
        Calls.OkPersistentlyAsync(resident, $"/api/needs/{need}/confirmation", new { rating = 5 }, Patience);

    /// <summary>
    /// Waits until every one of <paramref name="needs"/> has its effects (the certified hours in
    /// Volunteers, the credit in Points), then counts them as the owner's API lists them:
    /// (needs with hours, needs with a credit, hours entries beyond one per need, credits beyond one per need).
    /// </summary>
    public static async Task<(int WithHours, int WithCredit, int ExtraHours, int ExtraCredits)> EffectsAsync(
        HttpClient volunteer, Guid volunteerId, IReadOnlyCollection<Guid> needs, TimeSpan within)
    {
        async Task<(int, int, int, int)> CountAsync()
        {
            var hours = (await Calls.GetPersistentlyAsync(volunteer, $"/api/volunteers/{volunteerId}/hours?limit=100", Patience))
                .GetProperty("items").EnumerateArray().Select(e => SourceOf(e)).Where(needs.Contains).ToList();
            var credits = (await Calls.GetPersistentlyAsync(volunteer, $"/api/points/accounts/{volunteerId}/ledger?limit=100", Patience))
                .GetProperty("items").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "credit")
                .Select(e => SourceOf(e)).Where(needs.Contains).ToList();
            return (hours.Distinct().Count(), credits.Distinct().Count(), hours.Count - hours.Distinct().Count(), credits.Count - credits.Distinct().Count());
        }

        try
        {
            return await Eventually.ReturnsAsync(CountAsync, c => c.Item1 == needs.Count && c.Item2 == needs.Count, "Every confirmed need's hours and credit", within);
        }
        catch (TimeoutException)
        {
            return await CountAsync();
        }
    }

    /// <summary>The need an hours entry or a ledger entry came from.</summary>
    private static Guid SourceOf(JsonElement entry) => entry.GetProperty("sourceId").GetGuid();

    /// <summary>The points account's (available, reserved) balance.</summary>
    public static async Task<(long Available, long Reserved)> BalanceAsync(HttpClient volunteer, Guid volunteerId)
    {
        var balance = await Calls.GetPersistentlyAsync(volunteer, $"/api/points/accounts/{volunteerId}", Patience);
        return (balance.GetProperty("available").GetInt64(), balance.GetProperty("reserved").GetInt64());
    }
}
