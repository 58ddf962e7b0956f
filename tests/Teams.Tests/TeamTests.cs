using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

public sealed class TeamTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    [Fact]
    public async Task Create_WithAThemedSquad_Returns201_PublishesTeamCreated_AndReadsBack()
    {
        var (leader, client) = await app.SignInAsVolunteerAsync();
        var name = $"暖心橙志愿服务队{Guid.NewGuid():N}"[..14];

        var response = await client.PostAsJsonAsync("/teams", new { name, communityId = "wanda", theme = "warmOrange" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var team = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.OriginalString, TestContext.Current.CancellationToken);
        Assert.Equal(name, team.GetProperty("name").GetString());
        Assert.Equal("warmOrange", team.GetProperty("theme").GetString());
        Assert.Equal(leader, team.GetProperty("leaderId").GetGuid());
        Assert.Equal("wanda", Assert.Single(await app.PublishedAsync<TeamCreated>(e => e.TeamId == id)).CommunityId);
    }

    [Fact]
    public async Task Create_WithTheSameNameInOneCommunity_Returns409_ButAnotherCommunityMayUseIt()
    {
        var (_, client) = await app.SignInAsVolunteerAsync();
        var name = $"邻里帮帮团{Guid.NewGuid():N}"[..12];
        (await client.PostAsJsonAsync("/teams", new { name, communityId = "quanyun" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var again = await client.PostAsJsonAsync("/teams", new { name, communityId = "quanyun" }, TestContext.Current.CancellationToken);
        var elsewhere = await client.PostAsJsonAsync("/teams", new { name, communityId = "jingxing" }, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "team_name_taken");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Teams.CountAsync(t => t.Name == name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_WithoutANameOrWithAnUnknownCommunity_Returns400()
    {
        var (_, client) = await app.SignInAsVolunteerAsync();
        var response = await client.PostAsJsonAsync("/teams", new { name = "", communityId = "gotham" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("unknown_community", problem.GetProperty("errors").GetProperty("communityId")[0].GetString());
    }

    [Fact]
    public async Task Create_WithAnUnknownTheme_Returns400Malformed()
    {
        var (_, client) = await app.SignInAsVolunteerAsync();
        var response = await client.PostAsJsonAsync("/teams", new { name = "五老红", communityId = "quanyun", theme = "plaid" }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task GetTeam_OverGrpc_ReturnsItsNameCommunityAndTheme_ToNeedsAndNotifications_AndNotFoundForAnUnknownId()
    {
        var (_, client) = await app.SignInAsVolunteerAsync();
        var name = $"守护蓝{Guid.NewGuid():N}"[..10];
        var created = await client.PostAsJsonAsync("/teams", new { name, communityId = "fushun", theme = "guardianBlue" }, TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new TeamsService.TeamsServiceClient(channel);
        var headers = await app.AsServiceAsync("needs");

        var team = await grpc.GetTeamAsync(new GetTeamRequest { TeamId = id }, headers, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<RpcException>(() => grpc.GetTeamAsync(
            new GetTeamRequest { TeamId = Guid.CreateVersion7().ToString() }, headers, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken).ResponseAsync);

        var toNotifications = await grpc.GetTeamAsync(new GetTeamRequest { TeamId = id }, await app.AsServiceAsync("notifications"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);
        var asPoints = await app.AsServiceAsync("points");
        var toPoints = await Assert.ThrowsAsync<RpcException>(() => grpc.GetTeamAsync(
            new GetTeamRequest { TeamId = id }, asPoints, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal((name, "fushun", "guardianBlue"), (team.Name, team.CommunityId, team.Theme));
        Assert.Equal(name, toNotifications.Name);
        Assert.Equal(StatusCode.PermissionDenied, toPoints.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Create_ByASignedInPersonWhoIsNotAVolunteer_Returns403_AndCreatesNothing()
    {
        var (_, resident) = await app.SignInAsync();
        var name = $"未授权{Guid.NewGuid():N}"[..10];

        var response = await resident.PostAsJsonAsync("/teams", new { name, communityId = "wanda" }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Teams.AnyAsync(t => t.Name == name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Update_ByTheLeader_RenamesTheTeam_ButAnotherVolunteerIsForbiddenAndChangesNothing()
    {
        var (_, leader) = await app.SignInAsVolunteerAsync();
        var (_, other) = await app.SignInAsVolunteerAsync();
        var created = await leader.PostAsJsonAsync("/teams", new { name = $"生态绿{Guid.NewGuid():N}"[..10], communityId = "daguanmingyuan" }, TestContext.Current.CancellationToken);
        var location = created.Headers.Location!.OriginalString;
        var newName = $"五老红{Guid.NewGuid():N}"[..10];

        var refused = await other.PatchAsJsonAsync(location, new { name = "抢来的队伍" }, TestContext.Current.CancellationToken);
        var renamed = await leader.PatchAsJsonAsync(location, new { name = newName, theme = "partyRed" }, TestContext.Current.CancellationToken);

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var team = await leader.GetFromJsonAsync<JsonElement>(location, TestContext.Current.CancellationToken);
        Assert.Equal(newName, team.GetProperty("name").GetString());
        Assert.Equal("partyRed", team.GetProperty("theme").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_ListsMembershipActivityAndHourRoutes()
    {
        var document = await app.Client.GetFromJsonAsync<JsonElement>("/teams/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/teams/{id}/join-requests", paths);
        Assert.Contains("/teams/{id}/activities", paths);
        Assert.Contains("/teams/activities/{activityId}/sign-ups", paths);
        Assert.Contains("/teams/activities/{activityId}/hours", paths);
        Assert.Contains("/teams/mine", paths);
        Assert.Contains("/teams/invitations/mine", paths);
        Assert.Contains("/teams/{id}/handover", paths);
        Assert.Contains("/teams/activities/{activityId}/cancellation", paths);
    }

    [Fact]
    public async Task NeedConfirmed_ForTheTeam_CountsInItsFigures_OnceHoweverOftenDelivered()
    {
        var (team, _, leader) = await app.TeamAsync();
        var need = Need(ClaimantKind.Team, team, [new(Guid.CreateVersion7(), 1.5m, 0m), new(Guid.CreateVersion7(), 2m, 0.5m)]);
        var sameNeedAgain = need with { EventId = Guid.CreateVersion7() };

        await app.Identity.PublishAsync(need, need.EventId);
        await app.Identity.PublishAsync(need, need.EventId);
        await app.Identity.PublishAsync(sameNeedAgain, sameNeedAgain.EventId);

        // Both message ids handled: the duplicate delivery of the first can no longer change anything.
        await app.HandledAsync(need.EventId, sameNeedAgain.EventId);
        var figures = await FiguresAsync(leader, team);
        Assert.Equal(1, figures.GetProperty("needsServed").GetInt32());
        Assert.Equal(3.5m, figures.GetProperty("needHours").GetDecimal());
    }

    [Fact]
    public async Task NeedConfirmed_OfAMerchantsClaim_OrOfAnotherTeam_ChangesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var merchant = Need(ClaimantKind.Merchant, null, []);
        var merchantNamingTheTeam = Need(ClaimantKind.Merchant, team, []);
        var volunteersOwn = Need(ClaimantKind.Volunteer, null, [new(Guid.CreateVersion7(), 1m, 0m)]);
        var unknownTeam = Need(ClaimantKind.Team, Guid.CreateVersion7(), [new(Guid.CreateVersion7(), 1m, 0m)]);
        // Counted, unlike the others: the team's figures do follow its needs.
        var sentinel = Need(ClaimantKind.Team, team, [new(Guid.CreateVersion7(), 0.5m, 0m)]);

        foreach (var confirmed in new[] { merchant, merchantNamingTheTeam, volunteersOwn, unknownTeam, sentinel })
        {
            await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        }

        await app.HandledAsync([merchant.EventId, merchantNamingTheTeam.EventId, volunteersOwn.EventId, unknownTeam.EventId, sentinel.EventId]);
        var figures = await FiguresAsync(leader, team);
        Assert.Equal((1, 0.5m), (figures.GetProperty("needsServed").GetInt32(), figures.GetProperty("needHours").GetDecimal()));
        await using var db = app.CreateDbContext();
        var ids = new[] { merchant.NeedId, merchantNamingTheTeam.NeedId, volunteersOwn.NeedId, unknownTeam.NeedId };
        Assert.False(await db.ServedNeeds.AnyAsync(s => ids.Contains(s.NeedId), TestContext.Current.CancellationToken));
    }

    private static NeedConfirmed Need(ClaimantKind claimant, Guid? team, IReadOnlyList<NeedHelper> helpers)
    {
        var now = DateTimeOffset.UtcNow;
        return new NeedConfirmed(
            Guid.CreateVersion7(), now, null, Guid.CreateVersion7(), Guid.CreateVersion7(), claimant, Guid.CreateVersion7(), team, "wanda", "wanda-01", "home_repair", "normal",
            now.AddHours(-5), now.AddHours(-4), now.AddHours(-1), now, NeedConfirmer.Resident, null, 5, helpers);
    }

    private static async Task<JsonElement> FiguresAsync(HttpClient client, Guid team) =>
        (await client.GetFromJsonAsync<JsonElement>($"/teams/{team}", TestContext.Current.CancellationToken)).GetProperty("figures");
}
