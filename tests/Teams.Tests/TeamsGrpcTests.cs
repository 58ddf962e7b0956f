using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Grpc.Core;
using Xunit;

namespace Alliance.Teams.Tests;

public sealed class TeamsGrpcTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IsLeader_AndGetMembers_AnswerNeeds_AboutLeaderDeputyAndMembers()
    {
        var (team, leaderId, leader) = await app.TeamAsync();
        var (deputy, client) = await app.VerifiedVolunteerAsync();
        var invited = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = deputy }, Ct);
        (await client.PostAsync($"{invited.Headers.Location!.OriginalString}/acceptance", null, Ct)).EnsureSuccessStatusCode();
        (await leader.PatchAsJsonAsync($"/teams/{team}/members/{deputy}", new { role = "deputy" }, Ct)).EnsureSuccessStatusCode();
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new TeamsService.TeamsServiceClient(channel);
        var headers = await app.AsServiceAsync("needs");

        var asLeader = await grpc.IsLeaderAsync(new IsLeaderRequest { TeamId = team.ToString(), AccountId = leaderId.ToString() }, headers, DateTime.UtcNow.AddSeconds(10), Ct);
        var asDeputy = await grpc.IsLeaderAsync(new IsLeaderRequest { TeamId = team.ToString(), AccountId = deputy.ToString() }, headers, DateTime.UtcNow.AddSeconds(10), Ct);
        var stranger = await grpc.IsLeaderAsync(new IsLeaderRequest { TeamId = team.ToString(), AccountId = Guid.CreateVersion7().ToString() }, headers, DateTime.UtcNow.AddSeconds(10), Ct);
        var members = await grpc.GetMembersAsync(new GetMembersRequest { TeamId = team.ToString() }, headers, DateTime.UtcNow.AddSeconds(10), Ct);

        Assert.True(asLeader.IsLeader);
        Assert.False(asDeputy.IsLeader);
        Assert.True(asDeputy.IsDeputy);
        Assert.False(stranger.IsLeader || stranger.IsDeputy);
        Assert.Equal(
            new[] { (leaderId.ToString(), "leader"), (deputy.ToString(), "deputy") }.Order(),
            members.Members.Select(m => (m.VolunteerId, m.Role)).Order());
    }

    [Fact]
    public async Task IsLeader_ForAnUnknownTeam_IsNotFound_AndAnotherServiceIsRefused()
    {
        var (team, leaderId, _) = await app.TeamAsync();
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new TeamsService.TeamsServiceClient(channel);
        var needs = await app.AsServiceAsync("needs");
        var pointsHeaders = await app.AsServiceAsync("points");

        var missing = await Assert.ThrowsAsync<RpcException>(() => grpc.IsLeaderAsync(
            new IsLeaderRequest { TeamId = Guid.CreateVersion7().ToString(), AccountId = leaderId.ToString() }, needs, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync);
        var points = await Assert.ThrowsAsync<RpcException>(() => grpc.GetMembersAsync(
            new GetMembersRequest { TeamId = team.ToString() }, pointsHeaders, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, points.StatusCode);
    }

    [Fact]
    public async Task GetTeam_OfAStreetWideTeam_SaysSo()
    {
        var (_, client) = app.MintedVolunteer();
        var created = await client.PostAsJsonAsync("/teams", new { name = $"邻里帮帮团{Guid.NewGuid():N}"[..12], streetWide = true }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        using var channel = app.Host.CreateGrpcChannel();

        var team = await new TeamsService.TeamsServiceClient(channel).GetTeamAsync(new GetTeamRequest { TeamId = id }, await app.AsServiceAsync("needs"), DateTime.UtcNow.AddSeconds(10), Ct);

        Assert.True(team.StreetWide);
        Assert.Equal("", team.CommunityId);
    }
}
