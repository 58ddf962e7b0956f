using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>docs/domain.md, "Address and phone": exactly who sees them, and from when for the claimant's side.</summary>
public sealed class PrivacyTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAddressAndPhone_AreSeenExactlyByThoseDomainNames_TheClaimantsSideFromAcceptanceOn()
    {
        var (requesterId, mobile) = await app.Identity.SignUpAsync("王大爷");
        var requester = app.WithToken(await app.Identity.LoginAsync(mobile));
        var byVolunteer = await NeedsApp.PostNeedAsync(requester, NeedsApp.NeedBody("老座钟坏了"));
        var byTeam = await NeedsApp.PostNeedAsync(requester, NeedsApp.NeedBody("楼道大扫除", "cleaning", helpersNeeded: 2));
        var (_, volunteer) = await app.VerifiedVolunteerAsync();
        var (team, _, leader, leaderInTeams) = await app.TeamAsync();
        var (assignedId, assigned) = await app.MemberAsync(team, leaderInTeams);
        var (_, unassigned) = await app.MemberAsync(team, leaderInTeams);
        var viewers = new Dictionary<string, HttpClient>
        {
            ["requester"] = requester,
            ["grid worker of the grid"] = app.WithToken(NeedsApp.Admin(Roles.GridWorker, "wanda-01")),
            ["grid worker of another grid"] = app.WithToken(NeedsApp.Admin(Roles.GridWorker, "wanda-02")),
            ["community admin"] = app.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, "wanda")),
            ["other community's admin"] = app.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, "xintang")),
            ["street admin"] = app.WithToken(NeedsApp.Admin(Roles.StreetAdmin)),
            ["stranger"] = (await app.SignInAsync()).Client,
            ["volunteer claimant"] = volunteer,
            ["team leader"] = leader,
            ["assigned member"] = assigned,
            ["unassigned member"] = unassigned,
        };
        string[] alwaysSee = ["requester", "grid worker of the grid", "community admin", "street admin"];
        await volunteer.Must($"/needs/{byVolunteer}/claims");
        await leader.Must($"/needs/{byTeam}/claims", new { teamId = team });
        (await leader.PutAsJsonAsync($"/needs/{byTeam}/helpers", new { volunteerIds = new[] { assignedId } }, Ct)).EnsureSuccessStatusCode();

        foreach (var (who, client) in viewers)
        {
            await AssertSeesAsync(client, byVolunteer, alwaysSee.Contains(who), mobile, $"{who}, before acceptance");
            await AssertSeesAsync(client, byTeam, alwaysSee.Contains(who), mobile, $"{who}, before acceptance");
        }

        await requester.Must($"/needs/{byVolunteer}/acceptance");
        await requester.Must($"/needs/{byTeam}/acceptance");

        foreach (var (who, client) in viewers)
        {
            await AssertSeesAsync(client, byVolunteer, alwaysSee.Contains(who) || who == "volunteer claimant", mobile, $"{who}, after acceptance");
            await AssertSeesAsync(client, byTeam, alwaysSee.Contains(who) || who is "team leader" or "assigned member", mobile, $"{who}, after acceptance");
        }

        // The board shows community and grid only, to everyone.
        var board = await requester.GetFromJsonAsync<JsonElement>("/needs?gridId=wanda-01&limit=100", Ct);
        Assert.DoesNotContain("302室", board.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(mobile, board.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(requesterId.ToString(), board.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task AssertSeesAsync(HttpClient client, Guid need, bool sees, string mobile, string because)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"/needs/{need}", Ct);
        var text = body.GetRawText();
        if (sees)
        {
            Assert.True(body.GetProperty("address").GetString()?.EndsWith("302室", StringComparison.Ordinal), $"{because}: should see the address");
            Assert.True(body.GetProperty("phone").GetString() == mobile, $"{because}: should see the phone");
        }
        else
        {
            Assert.True(body.GetProperty("address").ValueKind == JsonValueKind.Null, $"{because}: should not see the address");
            Assert.True(body.GetProperty("phone").ValueKind == JsonValueKind.Null, $"{because}: should not see the phone");
            Assert.DoesNotContain("302室", text, StringComparison.Ordinal);
            Assert.DoesNotContain(mobile, text, StringComparison.Ordinal);
        }
    }
}
