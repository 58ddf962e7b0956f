using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>The street calendar and a volunteer's own sign-ups, through Teams' HTTP API.</summary>
public sealed class CalendarTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StreetCalendar_ListsApprovedTeamsActivitiesInTheWindow_ByStartTime_InKeysetPages_WithFilters()
    {
        // A day of its own, far ahead, so no other test's activities fall in it.
        var day = DateTimeOffset.UtcNow.AddDays(Random.Shared.Next(200, 300));
        var (team, _, leader) = await app.TeamAsync();
        var (other, _, otherLeader) = await app.TeamAsync("xintang");
        var (unapproved, _, unapprovedLeader) = await app.TeamAsync(approved: false);
        var third = await PublishAsync(leader, team, day.AddHours(3));
        var first = await PublishAsync(otherLeader, other, day.AddHours(1), kindId: "health_check", communityId: "xintang");
        var second = await PublishAsync(leader, team, day.AddHours(2), skills: ["tutoring_childcare"], capacity: 1);
        var sameStart = await PublishAsync(leader, team, day.AddHours(2));
        var cancelled = await PublishAsync(leader, team, day.AddHours(2));
        (await leader.PostAsJsonAsync($"/teams/activities/{cancelled}/cancellation", new { reason = "场地临时不能使用" }, Ct)).EnsureSuccessStatusCode();
        await PublishAsync(unapprovedLeader, unapproved, day.AddHours(2));
        await PublishAsync(leader, team, day.AddDays(2));
        (await app.MintedVolunteer().Client.PostAsync($"/teams/activities/{second}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var (_, reader) = app.MintedVolunteer();
        var window = $"from={Q(day)}&to={Q(day.AddDays(1))}";

        var firstPage = await reader.GetFromJsonAsync<JsonElement>($"/teams/activities?{window}&limit=2", Ct);
        var secondPage = await reader.GetFromJsonAsync<JsonElement>($"/teams/activities?{window}&limit=2&after={firstPage.GetProperty("next").GetString()}", Ct);

        var expectedSecond = new[] { second, sameStart }.Order().ToArray();
        Assert.Equal([first, expectedSecond[0]], Ids(firstPage));
        Assert.Equal([expectedSecond[1], third], Ids(secondPage));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next").ValueKind);
        var shown = firstPage.GetProperty("items")[0];
        Assert.Equal((other, "xintang", "health_check"), (shown.GetProperty("teamId").GetGuid(), shown.GetProperty("communityId").GetString(), shown.GetProperty("kindId").GetString()));
        Assert.False(string.IsNullOrEmpty(shown.GetProperty("teamName").GetString()));
        Assert.Equal(10, shown.GetProperty("placesLeft").GetInt32());
        Assert.Equal([first], Ids(await reader.GetFromJsonAsync<JsonElement>($"/teams/activities?{window}&communityId=xintang", Ct)));
        Assert.Equal([first], Ids(await reader.GetFromJsonAsync<JsonElement>($"/teams/activities?{window}&kindId=health_check", Ct)));
        Assert.Equal([second], Ids(await reader.GetFromJsonAsync<JsonElement>($"/teams/activities?{window}&skill=tutoring_childcare", Ct)));
        Assert.Equal([first, sameStart, third], Ids(await reader.GetFromJsonAsync<JsonElement>($"/teams/activities?{window}&placesLeft=true", Ct)));
    }

    [Fact]
    public async Task StreetCalendar_WithABadQuery_Returns400_WithTheFieldsRule()
    {
        var (_, reader) = app.MintedVolunteer();
        var now = DateTimeOffset.UtcNow;

        await (await reader.GetAsync($"/teams/activities?from={Q(now)}&to={Q(now.AddHours(-1))}", Ct)).AssertFieldErrorAsync("to", "not_after_from");
        await (await reader.GetAsync($"/teams/activities?from={Q(now)}&to={Q(now.AddDays(93))}", Ct)).AssertFieldErrorAsync("to", "range_too_long");
        await (await reader.GetAsync("/teams/activities?communityId=atlantis", Ct)).AssertFieldErrorAsync("communityId", "unknown_community");
        await (await reader.GetAsync("/teams/activities?kindId=juggling", Ct)).AssertFieldErrorAsync("kindId", "unknown_kind");
        await (await reader.GetAsync("/teams/activities?skill=juggling", Ct)).AssertFieldErrorAsync("skill", "unknown_kind");
        await (await reader.GetAsync("/teams/activities?limit=0", Ct)).AssertFieldErrorAsync("limit", "out_of_range");
        await (await reader.GetAsync("/teams/activities?after=bm90LWEtY3Vyc29y", Ct)).AssertFieldErrorAsync("after", "unknown_cursor");
        await (await reader.GetAsync("/teams/activities?from=yesterday", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/teams/activities", Ct)).StatusCode);
    }

    [Fact]
    public async Task MySignUps_AreTheCallersOwn_ComingFirst_ThenPast_EachWithItsActivity_InKeysetPages()
    {
        var (team, _, leader) = await app.TeamAsync();
        var now = DateTimeOffset.UtcNow;
        var later = await PublishAsync(leader, team, now.AddDays(3));
        var soon = await PublishAsync(leader, team, now.AddDays(1));
        var givenUp = await PublishAsync(leader, team, now.AddDays(2));
        var cancelledByTeam = await PublishAsync(leader, team, now.AddDays(4));
        var past = await PublishAsync(leader, team, now.AddHours(1));
        var (volunteer, client) = app.MintedVolunteer();
        foreach (var each in new[] { later, soon, givenUp, cancelledByTeam, past })
        {
            (await client.PostAsync($"/teams/activities/{each}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        }

        (await client.DeleteAsync($"/teams/activities/{givenUp}/sign-up", Ct)).EnsureSuccessStatusCode();
        (await leader.PostAsJsonAsync($"/teams/activities/{cancelledByTeam}/cancellation", new { reason = "天气原因" }, Ct)).EnsureSuccessStatusCode();
        await StoredTimes.EndActivityAsync(app.DatabaseConnectionString, past);
        var (_, stranger) = app.MintedVolunteer();
        (await stranger.PostAsync($"/teams/activities/{soon}/sign-ups", null, Ct)).EnsureSuccessStatusCode();

        var firstPage = await client.GetFromJsonAsync<JsonElement>("/teams/sign-ups/mine?limit=2", Ct);
        var next = firstPage.GetProperty("next").GetString();
        var secondPage = await client.GetFromJsonAsync<JsonElement>($"/teams/sign-ups/mine?limit=2&after={next}", Ct);

        Assert.Equal([soon, later], ActivityIds(firstPage));
        Assert.Equal([cancelledByTeam, past], ActivityIds(secondPage));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next").ValueKind);
        var first = firstPage.GetProperty("items")[0];
        Assert.Equal(("confirmed", true), (first.GetProperty("status").GetString(), first.GetProperty("upcoming").GetBoolean()));
        var activity = first.GetProperty("activity");
        Assert.Equal(("社区环境清洁日", "万达社区广场", team), (activity.GetProperty("title").GetString(), activity.GetProperty("place").GetString(), activity.GetProperty("teamId").GetGuid()));
        Assert.False(string.IsNullOrEmpty(activity.GetProperty("teamName").GetString()));
        Assert.NotEqual(JsonValueKind.Null, secondPage.GetProperty("items")[0].GetProperty("activity").GetProperty("cancelledAt").ValueKind);
        Assert.False(secondPage.GetProperty("items")[1].GetProperty("upcoming").GetBoolean());
        // Another volunteer sees only their own, and cannot page through someone else's list.
        Assert.Equal([soon], ActivityIds(await stranger.GetFromJsonAsync<JsonElement>("/teams/sign-ups/mine", Ct)));
        await (await stranger.GetAsync($"/teams/sign-ups/mine?after={next}", Ct)).AssertFieldErrorAsync("after", "unknown_cursor");
        Assert.DoesNotContain(volunteer.ToString(), await (await stranger.GetAsync("/teams/sign-ups/mine", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>An activity of the team with these fields; a street-wide one for 10 by default.</summary>
    internal static async Task<Guid> PublishAsync(
        HttpClient leader, Guid team, DateTimeOffset start, string kindId = "home_repair", string[]? skills = null, int capacity = 10, string? communityId = null)
    {
        var response = await leader.PostAsJsonAsync($"/teams/{team}/activities", new
        {
            title = "社区环境清洁日",
            kindId,
            place = "万达社区广场",
            communityId,
            startsAt = start,
            endsAt = start.AddHours(2),
            capacity,
            requiredSkills = skills ?? [],
            streetWide = true,
        }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static string Q(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O"));

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private static Guid[] ActivityIds(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("activity").GetProperty("id").GetGuid())];
}
