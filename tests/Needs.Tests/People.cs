using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;

namespace Alliance.Needs.Tests;

/// <summary>People and teams made through the real services (Identity, Volunteers, Teams), with clients of Needs.</summary>
internal static class People
{
    /// <summary>
    /// A verified volunteer, as the real flow makes one: signs up, registers with Volunteers, is verified there by an admin, gets
    /// the volunteer role (as Identity grants it once Volunteers says so) and logs in again. Returns a Needs client.
    /// </summary>
    public static async Task<(Guid Id, HttpClient Client)> VolunteerAsync(this NeedsApp app, string name = "李忠")
    {
        var (id, mobile) = await app.Identity.SignUpAsync(name);
        using var volunteers = app.Volunteers.WithToken(await app.Identity.LoginAsync(mobile));
        (await volunteers.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(name, "xintang"))).EnsureSuccessStatusCode();
        using (var admin = app.Volunteers.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, "xintang")))
        {
            (await admin.PostAsync($"/volunteers/{id}/verification", null)).EnsureSuccessStatusCode();
        }

        return (id, app.WithToken(await app.Identity.LoginWithRoleAsync(mobile, Roles.Volunteer)));
    }

    /// <summary>
    /// A volunteer registered with Volunteers and verified there by a community admin, the cheap way:
    /// tokens minted with the test Identity's key instead of sign-ups and logins (registration and
    /// verification still go through Volunteers' API). Returns a Needs client with the volunteer role.
    /// </summary>
    public static async Task<(Guid Id, HttpClient Client)> VerifiedVolunteerAsync(this NeedsApp app, string communityId = "xintang", string name = "王秀英")
    {
        var id = Guid.CreateVersion7();
        using (var self = app.Volunteers.WithToken(IdentityApp.MintToken(id)))
        {
            (await self.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(name, communityId))).EnsureSuccessStatusCode();
        }

        using (var admin = app.Volunteers.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, communityId)))
        {
            (await admin.PostAsync($"/volunteers/{id}/verification", null)).EnsureSuccessStatusCode();
        }

        return (id, app.WithToken(IdentityApp.MintToken(id, [Roles.Volunteer])));
    }

    /// <summary>A new team of wanda, led by a new volunteer: its id, the leader's id and Needs client.</summary>
    public static async Task<(Guid Team, Guid LeaderId, HttpClient Leader, HttpClient LeaderInTeams)> TeamAsync(this NeedsApp app)
    {
        var leaderId = Guid.CreateVersion7();
        var inTeams = app.Teams.WithToken(IdentityApp.MintToken(leaderId, [Roles.Volunteer]));
        var created = await inTeams.PostAsJsonAsync("/teams", new { name = $"邻里帮帮团{Guid.NewGuid():N}"[..14], communityId = "wanda", theme = "warmOrange" });
        created.EnsureSuccessStatusCode();
        var team = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (team, leaderId, app.Minted(leaderId, Roles.Volunteer), inTeams);
    }

    /// <summary>A verified volunteer who joined the team by request and the leader's approval; returns a Needs client.</summary>
    public static async Task<(Guid Id, HttpClient Client)> MemberAsync(this NeedsApp app, Guid team, HttpClient leaderInTeams)
    {
        var (id, client) = await app.VerifiedVolunteerAsync("wanda", "邵凤华");
        using var inTeams = app.Teams.WithToken(IdentityApp.MintToken(id, [Roles.Volunteer]));
        var requested = await inTeams.PostAsync($"/teams/{team}/join-requests", null);
        requested.EnsureSuccessStatusCode();
        var request = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await leaderInTeams.PostAsync($"/teams/{team}/join-requests/{request}/approval", null)).EnsureSuccessStatusCode();
        return (id, client);
    }

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

        var token = await app.Identity.LoginWithRoleAsync(mobile, Roles.Volunteer);
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
