using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

public sealed class TeamTests(TeamsApp app, Containers containers) : IClassFixture<TeamsApp>
{
    [Fact]
    public async Task Create_WithAThemedSquad_Returns201_PublishesTeamCreated_AndReadsBack()
    {
        await using var otherService = await EventRecorder.StartAsync<TeamCreated>(containers);
        var name = $"暖心橙志愿服务队{Guid.NewGuid():N}"[..14];

        var response = await app.Client.PostAsJsonAsync("/teams", new { name, communityId = "wanda", theme = "warmOrange" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var team = await app.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.OriginalString, TestContext.Current.CancellationToken);
        Assert.Equal(name, team.GetProperty("name").GetString());
        Assert.Equal("warmOrange", team.GetProperty("theme").GetString());
        Assert.Equal("wanda", Assert.Single(await otherService.WaitForAsync(e => e.TeamId == id)).CommunityId);
    }

    [Fact]
    public async Task Create_WithTheSameNameInOneCommunity_Returns409_ButAnotherCommunityMayUseIt()
    {
        var name = $"邻里帮帮团{Guid.NewGuid():N}"[..12];
        (await app.Client.PostAsJsonAsync("/teams", new { name, communityId = "quanyun" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var again = await app.Client.PostAsJsonAsync("/teams", new { name, communityId = "quanyun" }, TestContext.Current.CancellationToken);
        var elsewhere = await app.Client.PostAsJsonAsync("/teams", new { name, communityId = "jingxing" }, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "team_name_taken");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Teams.CountAsync(t => t.Name == name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_WithoutANameOrWithAnUnknownCommunity_Returns400()
    {
        var response = await app.Client.PostAsJsonAsync("/teams", new { name = "", communityId = "gotham" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("unknown_community", problem.GetProperty("errors").GetProperty("communityId")[0].GetString());
    }

    [Fact]
    public async Task Create_WithAnUnknownTheme_Returns400Malformed()
    {
        var response = await app.Client.PostAsJsonAsync("/teams", new { name = "五老红", communityId = "quanyun", theme = "plaid" }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task GetTeam_OverGrpc_ReturnsItsCommunityAndTheme_AndNotFoundForAnUnknownId()
    {
        var created = await app.Client.PostAsJsonAsync("/teams", new { name = $"守护蓝{Guid.NewGuid():N}"[..10], communityId = "fushun", theme = "guardianBlue" }, TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        using var channel = app.Host.CreateGrpcChannel();
        var client = new TeamsService.TeamsServiceClient(channel);

        var team = await client.GetTeamAsync(new GetTeamRequest { TeamId = id }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetTeamAsync(
            new GetTeamRequest { TeamId = Guid.CreateVersion7().ToString() }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal("fushun", team.CommunityId);
        Assert.Equal("guardianBlue", team.Theme);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
