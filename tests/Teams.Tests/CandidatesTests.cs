using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>
/// A team's leader looks for volunteers to invite among the street's active ones, by display-name prefix
/// (the real Identity's search), skill and place, and sees who is already in or on the way in; no one
/// else searches, and no result carries contact data or a real name.
/// </summary>
public sealed class CandidatesTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheLeader_FindsActiveVolunteersOfTheWholeStreet_ByNamePrefix_WithWhereEachStands()
    {
        var (leaderId, leader) = await app.NamedVolunteerAsync("钱队长");
        var team = await TeamOfAsync(leader);
        var prefix = $"寻{Guid.NewGuid():N}"[..7];
        var (free, _) = await app.NamedVolunteerAsync($"{prefix}甲");
        var (elsewhere, _) = await app.NamedVolunteerAsync($"{prefix}乙", "xintang");
        var (invited, invitedClient) = await app.NamedVolunteerAsync($"{prefix}丙");
        (await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invited }, Ct)).EnsureSuccessStatusCode();
        var (asking, askingClient) = await app.NamedVolunteerAsync($"{prefix}丁");
        (await askingClient.PostAsync($"/teams/{team}/join-requests", null, Ct)).EnsureSuccessStatusCode();
        var (member, memberClient) = await app.NamedVolunteerAsync($"{prefix}戊");
        var request = await IdOfAsync(await memberClient.PostAsync($"/teams/{team}/join-requests", null, Ct));
        (await leader.PostAsync($"/teams/{team}/join-requests/{request}/approval", null, Ct)).EnsureSuccessStatusCode();
        // Registered under the same prefix but not verified: not a candidate.
        var (unverifiedAccount, _) = await app.Identity.SignUpAsync($"{prefix}己");
        var (unverified, _) = await app.RegisteredVolunteerAsync(accountId: unverifiedAccount);

        var found = await AllPagesAsync(leader, $"/teams/{team}/candidates?name={prefix}&limit=2");
        var inXintang = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/candidates?name={prefix}&communityId=xintang", Ct);
        var bySkill = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/candidates?name={prefix}&skill=haircut", Ct);

        Assert.Equal(
            new Dictionary<Guid, (string?, string?)>
            {
                [free] = ($"{prefix}甲", null),
                [elsewhere] = ($"{prefix}乙", null),
                [invited] = ($"{prefix}丙", "invited"),
                [asking] = ($"{prefix}丁", "requested"),
                [member] = ($"{prefix}戊", "member"),
            },
            found.ToDictionary(c => c.GetProperty("volunteerId").GetGuid(), c => (c.GetProperty("volunteerName").GetString(), c.GetProperty("membership").GetString())));
        Assert.DoesNotContain(unverified, found.Select(c => c.GetProperty("volunteerId").GetGuid()));
        Assert.All(found, c => Assert.Equal(
            ["communityId", "gridId", "membership", "skills", "volunteerId", "volunteerName"], c.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        var only = Assert.Single(inXintang.GetProperty("items").EnumerateArray());
        Assert.Equal((elsewhere, "xintang"), (only.GetProperty("volunteerId").GetGuid(), only.GetProperty("communityId").GetString()));
        Assert.Empty(bySkill.GetProperty("items").EnumerateArray());

        // The invited volunteer sees who invited them.
        var invitations = await invitedClient.GetFromJsonAsync<JsonElement>("/teams/invitations/mine", Ct);
        var invitation = Assert.Single(invitations.GetProperty("items").EnumerateArray(), i => i.GetProperty("teamId").GetGuid() == team);
        Assert.Equal((leaderId, "钱队长"), (invitation.GetProperty("createdBy").GetGuid(), invitation.GetProperty("createdByName").GetString()));
    }

    [Fact]
    public async Task AMember_IsRefused_AnUnknownTeamIsNotFound_AndBadFiltersAre400()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (_, member) = await app.MemberAsync(team, leader);

        await (await member.GetAsync($"/teams/{team}/candidates?name=王", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await (await leader.GetAsync($"/teams/{Guid.CreateVersion7()}/candidates", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        foreach (var (query, field, rule) in new[]
        {
            ("name=%20%20", "name", "required"),
            ($"name={new string('王', 51)}", "name", "too_long"),
            ("skill=fortune_telling", "skill", "unknown_kind"),
            ("communityId=atlantis", "communityId", "unknown_community"),
            ("communityId=wanda&gridId=xintang-01", "gridId", "unknown_grid"),
            ("after=not-a-cursor", "after", "unknown_cursor"),
        })
        {
            await (await leader.GetAsync($"/teams/{team}/candidates?{query}", Ct)).AssertFieldErrorAsync(field, rule);
        }
    }

    /// <summary>Every item of a keyset-paged list, following <c>next</c> to the end.</summary>
    private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? next = null;
        var pages = 0;
        do
        {
            Assert.True(++pages < 10, "More pages than the volunteers made");
            var page = await client.GetFromJsonAsync<JsonElement>(next is null ? path : $"{path}&after={next}", Ct);
            var got = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(got.Count, 1, 2);
            items.AddRange(got);
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);

        return items;
    }

    /// <summary>A new approved team of wanda, set up by this volunteer.</summary>
    private async Task<Guid> TeamOfAsync(HttpClient leader)
    {
        var team = await IdOfAsync(await leader.PostAsJsonAsync("/teams", new { name = $"守望绿{Guid.NewGuid():N}"[..10], communityId = "wanda" }, Ct));
        (await app.CommunityAdmin().PostAsync($"/teams/{team}/approval", null, Ct)).EnsureSuccessStatusCode();
        return team;
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
