using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>Publishing, signing up and attendance; hours and disputes in ActivityTests.Hours.cs (one class, one host).</summary>
public sealed partial class ActivityTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_ByTheLeaderOrACommunityAdmin_Returns201_ButAnotherVolunteerOrAnotherCommunitysAdminIs403()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (_, stranger) = app.MintedVolunteer();

        var byLeader = await TeamsApp.ActivityAsync(leader, team);
        var byAdmin = await TeamsApp.ActivityAsync(app.CommunityAdmin("wanda"), team);
        var refused = await stranger.PostAsJsonAsync($"/teams/{team}/activities", Body(), Ct);
        var otherAdmin = await app.CommunityAdmin("xintang").PostAsJsonAsync($"/teams/{team}/activities", Body(), Ct);

        var activity = await stranger.GetFromJsonAsync<JsonElement>($"/teams/activities/{byLeader}", Ct);
        Assert.Equal("wanda", activity.GetProperty("communityId").GetString());
        Assert.Equal(10, activity.GetProperty("capacity").GetInt32());
        Assert.NotEqual(byLeader, byAdmin);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await otherAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Activities.CountAsync(a => a.TeamId == team, Ct));
        var list = await stranger.GetFromJsonAsync<JsonElement>($"/teams/{team}/activities", Ct);
        Assert.Equal(2, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Publish_WithBadFields_Returns400WithEachRule()
    {
        var (team, _, leader) = await app.TeamAsync();
        var start = DateTimeOffset.UtcNow.AddDays(1);

        var response = await leader.PostAsJsonAsync($"/teams/{team}/activities", new
        {
            title = "",
            kindId = "juggling",
            place = "万达社区广场",
            startsAt = start,
            endsAt = start.AddHours(-1),
            capacity = 0,
            requiredSkills = new[] { "flying" },
        }, Ct);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal("required", errors.GetProperty("title")[0].GetString());
        Assert.Equal("unknown_kind", errors.GetProperty("kindId")[0].GetString());
        Assert.Equal("not_after_start", errors.GetProperty("endsAt")[0].GetString());
        Assert.Equal("out_of_range", errors.GetProperty("capacity")[0].GetString());
        Assert.Equal("unknown_kind", errors.GetProperty("requiredSkills")[0].GetString());
    }

    [Fact]
    public async Task Publish_WithANumberSentAsAString_Returns400Malformed_AndPublishesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var start = DateTimeOffset.UtcNow.AddDays(1);

        // The contract says capacity is a JSON number; "10" is not one, however the web default reads it.
        var response = await leader.PostAsJsonAsync($"/teams/{team}/activities", new
        {
            title = "重阳节敬老义诊",
            kindId = "home_repair",
            place = "万达社区广场",
            startsAt = start,
            endsAt = start.AddHours(2),
            capacity = "10",
            requiredSkills = Array.Empty<string>(),
        }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        var list = await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}/activities", Ct);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task SignUp_HundredVolunteersForTenPlacesAtOnce_GivesExactlyTenPlacesAndNinetyOnTheWaitlist()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 10);
        // The test's PostgreSQL is shared by every service under test: a bounded pool makes the
        // 100 requests queue for connections, as a real deployment's would, instead of exhausting the server.
        var bounded = new Npgsql.NpgsqlConnectionStringBuilder(app.DatabaseConnectionString) { MaxPoolSize = 20 }.ConnectionString;
        await using var teams = app.Start(bounded);
        var volunteers = Enumerable.Range(0, 100).Select(_ =>
        {
            var client = teams.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", IdentityApp.MintToken(Guid.CreateVersion7(), ["volunteer"]));
            return client;
        }).ToList();
        await teams.CreateClient().WaitUntilReadyAsync();

        var responses = await Task.WhenAll(volunteers.Select(v => v.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var statuses = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString()));
        Assert.Equal(10, statuses.Count(s => s == "confirmed"));
        Assert.Equal(90, statuses.Count(s => s == "waitlisted"));
        await using var db = app.CreateDbContext();
        Assert.Equal(10, await db.SignUps.CountAsync(s => s.ActivityId == activity && s.Status == Activities.SignUpStatus.Confirmed, Ct));
        Assert.Equal(100, (await db.SignUps.Where(s => s.ActivityId == activity).Select(s => s.Position).ToListAsync(Ct)).Distinct().Count());
    }

    [Fact]
    public async Task Cancel_OfAPlace_GivesItToTheFirstOnTheWaitlist_WithAnEvent()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 1);
        var (_, first) = app.MintedVolunteer();
        var (second, secondClient) = app.MintedVolunteer();
        var (_, third) = app.MintedVolunteer();
        foreach (var client in new[] { first, secondClient, third })
        {
            (await client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        }

        var cancelled = await first.DeleteAsync($"/teams/activities/{activity}/sign-up", Ct);
        var again = await first.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);
        var twice = await secondClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal(second, Assert.Single(await app.PublishedAsync<ActivitySignUpPromoted>(e => e.ActivityId == activity)).VolunteerId);
        Assert.Equal("waitlisted", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "already_signed_up");
        var signUps = await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/sign-ups", Ct);
        Assert.Equal(second, signUps.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("status").GetString() == "confirmed").GetProperty("volunteerId").GetGuid());
    }

    [Fact]
    public async Task SignUp_ForAMembersOnlyActivity_ByANonMember_Returns422_AndCreatesNothing()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, streetWide: false);
        var (outsider, client) = app.MintedVolunteer();

        var response = await client.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);
        var leaderSignsUp = await leader.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "team_members_only");
        Assert.Equal(HttpStatusCode.Created, leaderSignsUp.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.SignUps.AnyAsync(s => s.VolunteerId == outsider, Ct));
    }

    [Fact]
    public async Task CheckIn_WithTheActivitysCode_OrByTheLeader_ButAWrongCodeIs422()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var (_, volunteer) = app.MintedVolunteer();
        var (other, otherClient) = app.MintedVolunteer();
        (await volunteer.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await otherClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var code = (await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/check-in-code", Ct)).GetProperty("code").GetString()!;
        var wrong = code == "000000" ? "000001" : "000000";

        var refused = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code = wrong }, Ct);
        var checkedIn = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code }, Ct);
        var checkedOut = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-out", new { code }, Ct);
        var codeForStranger = await otherClient.GetAsync($"/teams/activities/{activity}/check-in-code", Ct);
        var byLeader = await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{other}/check-in", null, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "wrong_check_in_code");
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await checkedOut.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checkedOutAt").ValueKind);
        await codeForStranger.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");
        Assert.NotEqual(JsonValueKind.Null, (await byLeader.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checkedInAt").ValueKind);
    }

    [Fact]
    public async Task FiveWrongCodes_ThenEvenTheRightOneIs409_OnAnotherReplicaToo_AndTheLeaderStillChecksIn()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team);
        var (volunteerId, volunteer) = app.MintedVolunteer();
        (await volunteer.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var code = (await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/check-in-code", Ct)).GetProperty("code").GetString()!;
        var wrong = Enumerable.Range(0, 6).Select(i => $"{(int.Parse(code, CultureInfo.InvariantCulture) + 1 + i) % 1_000_000:D6}").ToList();

        // Four in parallel (the row lock counts each), the fifth on its own.
        var first = await Task.WhenAll(wrong.Take(4).Select(w => volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code = w }, Ct)));
        var fifth = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-out", new { code = wrong[4] }, Ct);
        // Another instance of Teams on the same database: the count is in the sign-up's row, not in memory.
        await using var replica = app.Start(app.DatabaseConnectionString);
        using var elsewhere = replica.CreateClient();
        elsewhere.DefaultRequestHeaders.Authorization = volunteer.DefaultRequestHeaders.Authorization;
        await elsewhere.WaitUntilReadyAsync();
        var right = await elsewhere.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code }, Ct);
        var sixthWrong = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/check-in", new { code = wrong[5] }, Ct);
        var byLeader = await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{volunteerId}/check-in", null, Ct);

        foreach (var refused in first)
        {
            await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "wrong_check_in_code");
        }

        var last = await fifth.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "wrong_check_in_code");
        Assert.Equal("还可尝试 0 次（共 5 次）。", last.GetProperty("detail").GetString());
        await right.AssertProblemAsync(HttpStatusCode.Conflict, "too_many_code_attempts");
        await sixthWrong.AssertProblemAsync(HttpStatusCode.Conflict, "too_many_code_attempts");
        Assert.Equal(HttpStatusCode.OK, byLeader.StatusCode);
        await using var db = app.CreateDbContext();
        var signUp = await db.SignUps.AsNoTracking().SingleAsync(s => s.ActivityId == activity && s.VolunteerId == volunteerId, Ct);
        Assert.Equal(5, signUp.CheckInCodeAttempts);
    }

    private static object Body()
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        return new { title = "义诊", kindId = "home_repair", place = "万达社区服务中心", startsAt = start, endsAt = start.AddHours(2), capacity = 5 };
    }
}
