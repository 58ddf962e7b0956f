using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Standing;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>
/// People appear in Teams' lists by the display names they have at the real Identity, to those who
/// may see the lists; an erased person as "已注销" ("deleted" in English), never their old name.
/// </summary>
public sealed class NamesTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Members_Requests_Invitations_SignUps_AndTheLeader_AreShownByDisplayName()
    {
        var (leaderId, leader) = await app.NamedVolunteerAsync("李队长");
        var team = await TeamOfAsync(leader);
        var (memberId, member) = await app.NamedVolunteerAsync("张明");
        var joined = await IdOfAsync(await member.PostAsync($"/teams/{team}/join-requests", null, Ct));
        (await leader.PostAsync($"/teams/{team}/join-requests/{joined}/approval", null, Ct)).EnsureSuccessStatusCode();
        var (applicantId, applicant) = await app.NamedVolunteerAsync("王芳");
        (await applicant.PostAsync($"/teams/{team}/join-requests", null, Ct)).EnsureSuccessStatusCode();
        var (inviteeId, _) = await app.NamedVolunteerAsync("赵磊");
        (await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = inviteeId }, Ct)).EnsureSuccessStatusCode();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        (await member.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();

        var members = await member.GetFromJsonAsync<JsonElement>($"/teams/{team}/members", Ct);
        var pending = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/join-requests", Ct);
        var signUps = await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/sign-ups", Ct);
        var read = await member.GetFromJsonAsync<JsonElement>($"/teams/{team}", Ct);
        var mine = await member.GetFromJsonAsync<JsonElement>("/teams/mine", Ct);

        Assert.Equal(new Dictionary<Guid, string?> { [leaderId] = "李队长", [memberId] = "张明" }, NamesOf(members));
        Assert.Equal(new Dictionary<Guid, string?> { [applicantId] = "王芳", [inviteeId] = "赵磊" }, NamesOf(pending));
        Assert.Equal(new Dictionary<Guid, string?> { [memberId] = "张明" }, NamesOf(signUps));
        Assert.Equal("李队长", read.GetProperty("leaderName").GetString());
        var myTeam = Assert.Single(mine.GetProperty("items").EnumerateArray(), t => t.GetProperty("team").GetProperty("id").GetGuid() == team);
        Assert.Equal("李队长", myTeam.GetProperty("team").GetProperty("leaderName").GetString());
        // The lists of requests and sign-ups are the leader's: a member is refused them, names and all.
        await (await member.GetAsync($"/teams/{team}/join-requests", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await (await member.GetAsync($"/teams/activities/{activity}/sign-ups", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
    }

    [Fact]
    public async Task AnErasedLeader_IsShownAsDeleted_InTheLanguageAsked_NeverByTheirOldName()
    {
        var (leaderId, leader) = await app.NamedVolunteerAsync("孙强");
        var team = await TeamOfAsync(leader);

        var erased = await app.Volunteers.WithToken(IdentityApp.MintToken(leaderId, [Roles.Volunteer])).DeleteAsync("/volunteers/me", Ct);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.VolunteerStandings.AnyAsync(s => s.VolunteerId == leaderId && s.Standing == StandingState.Erased, Ct);
        }, "Teams hearing of the erasure");
        await Eventually.TrueAsync(() => IdentityErasedAsync(leaderId), "Identity marking the account erased");

        // Without a deputy the team keeps its erased leader (without powers), and shows them so.
        var (_, reader) = app.MintedVolunteer();
        var chinese = await ReadAsync(reader, $"/teams/{team}", "zh-CN");
        var english = await ReadAsync(reader, $"/teams/{team}", "en");
        var members = await ReadAsync(reader, $"/teams/{team}/members", "en");

        Assert.Equal("已注销", chinese.GetProperty("leaderName").GetString());
        Assert.Equal("deleted", english.GetProperty("leaderName").GetString());
        Assert.Equal("deleted", NamesOf(members)[leaderId]);
        Assert.DoesNotContain("孙强", chinese.GetRawText() + english.GetRawText() + members.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<bool> IdentityErasedAsync(Guid accountId)
    {
        using var channel = app.Identity.Host.CreateGrpcChannel();
        var request = new GetDisplayNamesRequest { AccountIds = { accountId.ToString() } };
        var reply = await new IdentityService.IdentityServiceClient(channel).GetDisplayNamesAsync(request, await app.AsServiceAsync("teams"), DateTime.UtcNow.AddSeconds(10), Ct);
        return reply.Names.Any(n => n.AccountId == accountId.ToString() && n.Erased);
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static Dictionary<Guid, string?> NamesOf(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("volunteerId").GetGuid(), i => i.GetProperty("volunteerName").GetString());

    /// <summary>A new approved team of wanda, set up by this volunteer.</summary>
    private async Task<Guid> TeamOfAsync(HttpClient leader)
    {
        var team = await IdOfAsync(await leader.PostAsJsonAsync("/teams", new { name = $"守护蓝{Guid.NewGuid():N}"[..10], communityId = "wanda" }, Ct));
        (await app.CommunityAdmin().PostAsync($"/teams/{team}/approval", null, Ct)).EnsureSuccessStatusCode();
        return team;
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
