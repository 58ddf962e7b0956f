using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>The street at work through the gateway, as the end-to-end tests drive it, with clients that retry as real apps do.</summary>
public sealed class Street(ChaosSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public People People { get; } = new(system);

    public async Task<IReadOnlyList<(Guid Id, HttpClient Client)>> VolunteersAsync(HttpClient streetAdmin, int count, string name)
    {
        var volunteers = new List<(Guid, HttpClient)>();
        for (var i = 0; i < count; i++)
        {
            volunteers.Add(await People.VerifiedVolunteerAsync(streetAdmin, $"{name}{i + 1}"));
        }

        return volunteers;
    }

    /// <summary>
    /// Needs of one resident, each claimed by the next volunteer in turn, accepted, started two hours
    /// ago and reported done: all that is left is the resident's confirmation.
    /// </summary>
    public async Task<IReadOnlyList<(Guid Need, Guid Volunteer)>> CompletedNeedsAsync(HttpClient resident, IReadOnlyList<(Guid Id, HttpClient Client)> volunteers, int count)
    {
        var needsDb = await Ledgers.UnpooledAsync(system, "needsdb");
        var done = new List<(Guid, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var (volunteerId, volunteer) = volunteers[i % volunteers.Count];
            var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need($"帮忙搬运旧家具 {i + 1}", "other", helpers: 1), Ct));
            await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct));
            await People.OkAsync(resident.PostAsync($"/api/needs/{need}/acceptance", null, Ct));
            await People.OkAsync(volunteer.PostAsync($"/api/needs/{need}/start", null, Ct));
            await StoredTimes.MoveNeedBackAsync(needsDb, need, TimeSpan.FromHours(2));
            await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/completion", new { helpers = new[] { new { volunteerId, hours = 2m, nightHours = 0m } } }, Ct));
            done.Add((need, volunteerId));
        }

        return done;
    }

    /// <summary>The resident confirms each need; every answer must be a success.</summary>
    public static async Task ConfirmAsync(HttpClient resident, IEnumerable<(Guid Need, Guid Volunteer)> needs)
    {
        foreach (var (need, _) in needs)
        {
            await People.OkAsync(resident.PostAsJsonAsync($"/api/needs/{need}/confirmation", new { rating = 5 }, Ct));
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="within"/>) for each confirmed need's two effects, the helper's
    /// certified hours in Volunteers and the points credit in Points, and counts them: (found, doubled).
    /// </summary>
    public async Task<(int Found, int Doubled)> ConfirmedEffectsAsync(IReadOnlyList<(Guid Need, Guid Volunteer)> needs, TimeSpan within)
    {
        try
        {
            return await Eventually.ReturnsAsync(() => CountConfirmedEffectsAsync(needs), effects => effects.Found >= needs.Count * 2, "Every confirmed need's hours and credit", within);
        }
        catch (TimeoutException)
        {
            // Counted as lost in the report, which then fails the test.
            return await CountConfirmedEffectsAsync(needs);
        }
    }

    /// <summary>Each confirmed need's effects as they stand now: (found, doubled).</summary>
    public async Task<(int Found, int Doubled)> CountConfirmedEffectsAsync(IReadOnlyList<(Guid Need, Guid Volunteer)> needs)
    {
        var ledgers = new Ledgers(system);
        var ids = needs.Select(n => n.Need).ToArray();
        var hours = await ledgers.EffectsAsync("volunteers", "hours_entries", "source_id, volunteer_id", ids);
        var credits = await ledgers.EffectsAsync("points", "ledger_entries", "source_id, volunteer_id", ids, "AND kind = 'Credit'");
        return (hours.Distinct + credits.Distinct, hours.Rows - hours.Distinct + credits.Rows - credits.Distinct);
    }
}
