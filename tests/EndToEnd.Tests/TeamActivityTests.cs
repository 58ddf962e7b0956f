using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Issue 13's round through the gateway, with real tokens: register, verify, join, sign up, check in, certified hours (and issue 15's points for them).</summary>
public sealed class TeamActivityTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVerifiedVolunteer_JoinsATeam_AttendsItsActivity_AndTheConfirmedHoursShowInTheirRecord()
    {
        var people = new People(system);
        var streetAdmin = await people.StreetAdminAsync();
        var (_, leader) = await people.VerifiedVolunteerAsync(streetAdmin, "王殿海");
        var (volunteerId, volunteer) = await people.VerifiedVolunteerAsync(streetAdmin, "李忠");

        // The leader sets up a team; the volunteer asks to join and the leader approves.
        var team = await People.IdOfAsync(await leader.PostAsJsonAsync("/api/teams", new { name = $"暖心橙{Guid.NewGuid():N}"[..10], communityId = "wanda", theme = "warmOrange" }, Ct));
        var request = await People.IdOfAsync(await volunteer.PostAsync($"/api/teams/{team}/join-requests", null, Ct));
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync($"/api/teams/{team}/join-requests/{request}/approval", null, Ct)).StatusCode);
        // A new team's hours count once an admin of its community has approved it.
        await People.OkAsync(streetAdmin.PostAsync($"/api/teams/{team}/approval", null, Ct));

        // An activity tomorrow, for an hour.
        var startsAt = DateTimeOffset.UtcNow.AddDays(1);
        var activity = await People.IdOfAsync(await leader.PostAsJsonAsync($"/api/teams/{team}/activities", new
        {
            title = "万达社区环境清洁日",
            kindId = "home_repair",
            place = "万达社区广场",
            startsAt,
            endsAt = startsAt.AddHours(1),
            capacity = 5,
            requiredSkills = Array.Empty<string>(),
            streetWide = false,
        }, Ct));
        var signUp = await volunteer.PostAsync($"/api/teams/activities/{activity}/sign-ups", null, Ct);
        var signUpBody = await signUp.Content.ReadAsStringAsync(Ct);
        Assert.True(signUp.IsSuccessStatusCode, signUpBody);
        Assert.Equal("confirmed", JsonDocument.Parse(signUpBody).RootElement.GetProperty("status").GetString());
        var code = (await leader.GetFromJsonAsync<JsonElement>($"/api/teams/activities/{activity}/check-in-code", Ct)).GetProperty("code").GetString();
        Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsJsonAsync($"/api/teams/activities/{activity}/check-in", new { code }, Ct)).StatusCode);

        // Once it is over (its stored times moved into the past) the leader confirms the hours;
        // ServiceHoursConfirmed reaches the volunteer's record over RabbitMQ.
        await StoredTimes.EndActivityAsync(await system.DatabaseAsync("teamsdb"), activity);
        var confirmed = await leader.PostAsJsonAsync($"/api/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId, hours = 1.0m, noShow = false } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var entry = await People.EventuallyAsync(async () =>
        {
            var page = await volunteer.GetFromJsonAsync<JsonElement>($"/api/volunteers/{volunteerId}/hours", Ct);
            return page.GetProperty("items").EnumerateArray().FirstOrDefault(e => e.GetProperty("sourceId").GetGuid() == activity);
        }, "The confirmed hours");
        Assert.Equal(1.0m, entry.GetProperty("hours").GetDecimal());
        Assert.Equal(team, entry.GetProperty("teamId").GetGuid());

        // The same confirmation credits points: an hour at an activity earns 10.
        var credit = await People.EventuallyAsync(async () =>
        {
            var ledger = await volunteer.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{volunteerId}/ledger", Ct);
            return ledger.GetProperty("items").EnumerateArray().FirstOrDefault(e => e.GetProperty("kind").GetString() == "credit");
        }, "The activity's points credit");
        Assert.Equal(10, credit.GetProperty("amount").GetInt64());
        Assert.Equal(10, (await volunteer.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{volunteerId}", Ct)).GetProperty("available").GetInt64());
    }
}
