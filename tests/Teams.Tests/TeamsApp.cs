using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Teams.Tests;

/// <summary>The real Volunteers service, which Teams asks over gRPC whether a volunteer is verified.</summary>
public sealed class VolunteersApp(Containers containers) : ServiceApp<Alliance.Volunteers.Service>(containers, Alliance.Volunteers.Service.Name)
{
    protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
}

/// <summary>
/// Teams on real ports, with its own database, wired to the real Volunteers service and the real
/// Identity that every class of the project shares (use unique ids there; never count their rows).
/// </summary>
public sealed class TeamsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    private VolunteersApp? volunteers;

    /// <summary>The project's one Volunteers, started with the first class and stopped after the last.</summary>
    public VolunteersApp Volunteers => volunteers ?? throw new InvalidOperationException("Teams has not started.");

    public override async ValueTask InitializeAsync()
    {
        volunteers = await Containers.SharedAsync(c => new VolunteersApp(c));
        await base.InitializeAsync();
    }

    internal TeamsDbContext CreateDbContext() => CreateDbContext<TeamsDbContext>();


    /// <summary>
    /// A volunteer whom Volunteers has verified (registered, then verified by a community admin
    /// there), with a Teams client whose token carries the volunteer role.
    /// </summary>
    public async Task<(Guid Id, HttpClient Client)> VerifiedVolunteerAsync(string communityId = "wanda", Guid? accountId = null)
    {
        var (id, client) = await RegisteredVolunteerAsync(communityId, accountId);
        using var admin = Volunteers.WithToken(IdentityApp.MintToken(
            Guid.CreateVersion7(), [Roles.CommunityAdmin], claims: new Dictionary<string, object> { [AllianceClaims.CommunityId] = communityId }));
        (await admin.PostAsync($"/volunteers/{id}/verification", null)).EnsureSuccessStatusCode();
        return (id, client);
    }

    /// <summary>A verified volunteer whose account the shared Identity holds under this display name, which Teams' lists show.</summary>
    public async Task<(Guid Id, HttpClient Client)> NamedVolunteerAsync(string displayName, string communityId = "wanda")
    {
        var (id, _) = await Identity.SignUpAsync(displayName);
        return await VerifiedVolunteerAsync(communityId, id);
    }

    /// <summary>A volunteer registered with Volunteers but still pending verification there.</summary>
    public async Task<(Guid Id, HttpClient Client)> RegisteredVolunteerAsync(string communityId = "wanda", Guid? accountId = null)
    {
        var id = accountId ?? Guid.CreateVersion7();
        using var self = Volunteers.WithToken(IdentityApp.MintToken(id));
        (await self.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("王秀英", communityId))).EnsureSuccessStatusCode();
        return (id, Minted(id, Roles.Volunteer));
    }

    /// <summary>A client whose token (signed with the test Identity's key) is a person with these roles.</summary>
    public HttpClient Minted(Guid id, params string[] roles) => WithToken(IdentityApp.MintToken(id, roles));

    /// <summary>A volunteer's client, the token minted with the volunteer role (no registration in Volunteers).</summary>
    public (Guid Id, HttpClient Client) MintedVolunteer()
    {
        var id = Guid.CreateVersion7();
        return (id, Minted(id, Roles.Volunteer));
    }

    /// <summary>A community admin of <paramref name="communityId"/>.</summary>
    public HttpClient CommunityAdmin(string communityId = "wanda") => WithToken(IdentityApp.MintToken(
        Guid.CreateVersion7(), [Roles.CommunityAdmin], claims: new Dictionary<string, object> { [AllianceClaims.CommunityId] = communityId }));

    /// <summary>The street admin, who covers every community and approves street-wide teams.</summary>
    public HttpClient StreetAdmin() => WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.StreetAdmin]));

    /// <summary>
    /// A new team of <paramref name="communityId"/>, led by a new volunteer: its id, the leader's id and client.
    /// Approved by an admin of the community unless <paramref name="approved"/> is false.
    /// </summary>
    public async Task<(Guid Team, Guid LeaderId, HttpClient Leader)> TeamAsync(string communityId = "wanda", bool approved = true)
    {
        var (leaderId, leader) = MintedVolunteer();
        var created = await leader.PostAsJsonAsync("/teams", new { name = $"暖心橙{Guid.NewGuid():N}"[..12], communityId, theme = "warmOrange" });
        created.EnsureSuccessStatusCode();
        var team = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (approved)
        {
            (await CommunityAdmin(communityId).PostAsync($"/teams/{team}/approval", null)).EnsureSuccessStatusCode();
        }

        return (team, leaderId, leader);
    }

    /// <summary>A member whom the leader made a deputy: their id and client.</summary>
    public async Task<(Guid Id, HttpClient Client)> DeputyAsync(Guid team, HttpClient leader)
    {
        var (id, client) = await MemberAsync(team, leader);
        (await leader.PatchAsJsonAsync($"/teams/{team}/members/{id}", new { role = "deputy" })).EnsureSuccessStatusCode();
        return (id, client);
    }

    /// <summary>A verified volunteer who joined the team by request and the leader's approval.</summary>
    public async Task<(Guid Id, HttpClient Client)> MemberAsync(Guid team, HttpClient leader)
    {
        var (id, client) = await VerifiedVolunteerAsync();
        var requested = await client.PostAsync($"/teams/{team}/join-requests", null);
        requested.EnsureSuccessStatusCode();
        var request = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await leader.PostAsync($"/teams/{team}/join-requests/{request}/approval", null)).EnsureSuccessStatusCode();
        return (id, client);
    }

    /// <summary>Publishes an activity of the team; by default a street-wide hour from now, for 10.</summary>
    public static async Task<Guid> ActivityAsync(HttpClient publisher, Guid team, int capacity = 10, bool streetWide = true, DateTimeOffset? startsAt = null, TimeSpan? length = null)
    {
        var start = startsAt ?? DateTimeOffset.UtcNow.AddHours(1);
        var response = await publisher.PostAsJsonAsync($"/teams/{team}/activities", new
        {
            title = "社区环境清洁日",
            kindId = "home_repair",
            place = "万达社区广场",
            startsAt = start,
            endsAt = start + (length ?? TimeSpan.FromHours(2)),
            capacity,
            requiredSkills = Array.Empty<string>(),
            streetWide,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// An activity that ended <paramref name="endedAgo"/> ago (a minute by default) and lasted an hour:
    /// published in the future, with <paramref name="count"/> attendees signed up and checked in by the
    /// leader, then moved into the past in the database. Never back-dated through the API.
    /// </summary>
    public async Task<(Guid Activity, Guid[] Attendees)> EndedActivityAsync(HttpClient leader, Guid team, int count, TimeSpan? endedAgo = null)
    {
        var activity = await ActivityAsync(leader, team, length: TimeSpan.FromHours(1));
        var attendees = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var (id, client) = MintedVolunteer();
            (await client.PostAsync($"/teams/activities/{activity}/sign-ups", null)).EnsureSuccessStatusCode();
            (await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{id}/check-in", null)).EnsureSuccessStatusCode();
            attendees[i] = id;
        }

        await StoredTimes.EndActivityAsync(DatabaseConnectionString, activity, endedAgo);
        return (activity, attendees);
    }

    /// <summary>
    /// Every row of Teams' own tables and the events in its outbox, to show a refused call changed
    /// nothing. The tables that only other test classes' events feed (one broker per project) are left out.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> FingerprintAsync() =>
        Alliance.Testing.Sweeps.DatabaseFingerprint.TakeAsync(DatabaseConnectionString, EventFedTables);

    /// <summary>Tables written only by consumers of other services' events.</summary>
    public static readonly string[] EventFedTables = ["served_needs", "volunteer_standings"];

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["services:volunteers:grpc:0"] = Volunteers.Host.GrpcDiscoveryValue,
        // The names lists show come from the shared Identity.
        ["services:identity:grpc:0"] = Identity.Host.GrpcDiscoveryValue,
    };
}
