using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;

namespace Alliance.Needs.Tests;

/// <summary>People with real tokens from the test Identity, for the tests of attacks.</summary>
internal static class People
{
    /// <summary>
    /// Someone who covers a place (a grid worker of the cell, or an admin of the community) and is also a
    /// verified volunteer: registered and verified in Volunteers, the role from VolunteerVerified, logged
    /// in after both. Returns their id, token and Needs client.
    /// </summary>
    public static async Task<(Guid Id, string Token, HttpClient Client)> CoveringVolunteerAsync(
        this NeedsApp app, string role, string communityId = "wanda", string gridId = "wanda-01", string name = "韩建国")
    {
        var (id, mobile) = await app.Identity.SignUpAsync(name);
        await app.Identity.GrantRoleAsync(id, role, communityId, role == Roles.GridWorker ? [gridId] : null);
        using (var self = app.Volunteers.WithToken(await app.Identity.LoginAsync(mobile)))
        {
            (await self.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(name, communityId))).EnsureSuccessStatusCode();
        }

        using (var admin = app.Volunteers.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, communityId)))
        {
            (await admin.PostAsync($"/volunteers/{id}/verification", null)).EnsureSuccessStatusCode();
        }

        await app.Identity.VerifyVolunteerAsync(id, communityId);
        var token = await app.Identity.LoginAsync(mobile);
        return (id, token, app.WithToken(token));
    }

    /// <summary>A team in Teams led by the holder of <paramref name="token"/>; its id.</summary>
    public static async Task<Guid> LeadTeamAsync(this NeedsApp app, string token)
    {
        using var inTeams = app.Teams.WithToken(token);
        var created = await inTeams.PostAsJsonAsync("/teams", new { name = $"暖心橙{Guid.NewGuid():N}"[..12], communityId = "wanda", theme = "warmOrange" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The holder of <paramref name="token"/> asks to join the team, and its leader approves.</summary>
    public static async Task JoinTeamAsync(this NeedsApp app, Guid team, string token, string leaderToken)
    {
        using var inTeams = app.Teams.WithToken(token);
        var requested = await inTeams.PostAsync($"/teams/{team}/join-requests", null);
        requested.EnsureSuccessStatusCode();
        var request = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var leader = app.Teams.WithToken(leaderToken);
        (await leader.PostAsync($"/teams/{team}/join-requests/{request}/approval", null)).EnsureSuccessStatusCode();
    }

    /// <summary>A need posted by <paramref name="poster"/> for an assisted resident of wanda-01 (made through Identity's API).</summary>
    public static async Task<(Guid Need, Guid Resident)> PostForAssistedResidentAsync(this NeedsApp app, HttpClient poster, string title = "想理个发", string kindId = "haircut")
    {
        var resident = await app.Identity.AssistedResidentAsync("wanda", "wanda-01");
        var body = NeedsApp.NeedBody(title, kindId, helpersNeeded: 2);
        body["requesterId"] = resident;
        return (await NeedsApp.PostNeedAsync(poster, body), resident);
    }

    /// <summary>Every row of Needs' own tables and every event in its outbox, to show that a refused call changed nothing.</summary>
    public static Task<IReadOnlyDictionary<string, string>> FingerprintAsync(this NeedsApp app) => DatabaseFingerprint.TakeAsync(app.DatabaseConnectionString);

    /// <summary>The token a client sends.</summary>
    public static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;
}
