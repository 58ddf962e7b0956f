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

    [Fact]
    public async Task GetActivity_AnswersNotifications_WithItsTitleTimesAndStandingSignUps_AndCancelledOnceItIs()
    {
        var (team, _, leader) = await app.TeamAsync();
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(10).AddHours(1), TimeSpan.Zero);
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 1, startsAt: startsAt, length: TimeSpan.FromHours(2));
        var (placed, placedClient) = app.MintedVolunteer();
        var (waiting, waitingClient) = app.MintedVolunteer();
        var (withdrawn, withdrawnClient) = app.MintedVolunteer();
        (await placedClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await withdrawnClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await waitingClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await withdrawnClient.DeleteAsync($"/teams/activities/{activity}/sign-up", Ct)).EnsureSuccessStatusCode();
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new TeamsService.TeamsServiceClient(channel);
        var notifications = await app.AsServiceAsync("notifications");
        var request = new GetActivityRequest { ActivityId = activity.ToString() };

        var reply = await grpc.GetActivityAsync(request, notifications, DateTime.UtcNow.AddSeconds(10), Ct);
        var needs = await app.AsServiceAsync("needs");
        var asNeeds = await Assert.ThrowsAsync<RpcException>(() => grpc.GetActivityAsync(request, needs, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => grpc.GetActivityAsync(
            new GetActivityRequest { ActivityId = Guid.CreateVersion7().ToString() }, notifications, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync);

        Assert.Equal((startsAt, startsAt.AddHours(2), false), (reply.StartsAt.ToDateTimeOffset(), reply.EndsAt.ToDateTimeOffset(), reply.Cancelled));
        Assert.Equal("社区环境清洁日", reply.Title);
        Assert.Equal(
            new[] { (placed.ToString(), false), (waiting.ToString(), true) }.Order(),
            reply.SignUps.Select(s => (s.VolunteerId, s.Waitlisted)).Order());
        Assert.Equal(StatusCode.PermissionDenied, asNeeds.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        (await leader.PostAsJsonAsync($"/teams/activities/{activity}/cancellation", new { reason = "场地临时被征用" }, Ct)).EnsureSuccessStatusCode();
        var cancelled = await grpc.GetActivityAsync(request, notifications, DateTime.UtcNow.AddSeconds(10), Ct);
        Assert.True(cancelled.Cancelled);
        Assert.Empty(cancelled.SignUps);
    }
}
