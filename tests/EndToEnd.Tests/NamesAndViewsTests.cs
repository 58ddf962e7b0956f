using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Issue 27 through the gateway, with real tokens: people appear by the display name they chose to
/// those allowed to see them, and everyone has their own view (my claims, my sign-ups, a calendar feed).
/// </summary>
public sealed class NamesAndViewsTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVolunteerRenamesThemselves_AndTheResidentSeesThatNameOnTheClaim_WhileAStrangerSeesNone_AndTheClaimIsInTheirOwnList()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (_, _, resident) = await people.NewAsync("周阿婆");
        var (_, _, stranger) = await people.NewAsync("路人");
        var (volunteerId, volunteer) = await people.VerifiedVolunteerAsync(streetAdmin, "陈志强");
        var newName = $"陈师傅{Random.Shared.Next(1000, 9999)}";
        await People.OkAsync(volunteer.PatchAsJsonAsync("/api/identity/accounts/me", new { displayName = newName }, Ct));

        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("卫生间水龙头漏水", "home_repair", helpers: 1), Ct));
        Assert.Equal(HttpStatusCode.Created, (await volunteer.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct)).StatusCode);

        var asResident = await resident.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct);
        var asStranger = await stranger.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct);
        var mine = await volunteer.GetFromJsonAsync<JsonElement>("/api/needs/claims/mine?limit=50", Ct);

        Assert.Equal(newName, asResident.GetProperty("claimantName").GetString());
        Assert.Equal(JsonValueKind.Null, asStranger.GetProperty("claimantName").ValueKind);
        var claim = Assert.Single(mine.GetProperty("items").EnumerateArray(), c => c.GetProperty("needId").GetGuid() == need);
        Assert.Equal(volunteerId, claim.GetProperty("claimantId").GetGuid());
        Assert.Equal("卫生间水龙头漏水", claim.GetProperty("title").GetString());
        // The resident has claimed nothing.
        Assert.Empty((await resident.GetFromJsonAsync<JsonElement>("/api/needs/claims/mine", Ct)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ALeaderSeesMembersByName_AndFindsVolunteersToInvite_TheMemberSeesTheirSignUp_AndACalendarAppReadsTheFeedWithoutAToken_UntilItIsRotated()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (_, leader) = await people.VerifiedVolunteerAsync(streetAdmin, "王队长");
        var (volunteerId, volunteer) = await people.VerifiedVolunteerAsync(streetAdmin, "刘晓燕");
        var team = await People.IdOfAsync(await leader.PostAsJsonAsync("/api/teams", new { name = $"夕阳红{Guid.NewGuid():N}"[..10], communityId = "wanda", theme = "warmOrange" }, Ct));
        var request = await People.IdOfAsync(await volunteer.PostAsync($"/api/teams/{team}/join-requests", null, Ct));
        await People.OkAsync(leader.PostAsync($"/api/teams/{team}/join-requests/{request}/approval", null, Ct));
        var startsAt = DateTimeOffset.UtcNow.AddDays(2);
        var title = $"敬老院陪伴{Random.Shared.Next(1000, 9999)}";
        var activity = await People.IdOfAsync(await leader.PostAsJsonAsync($"/api/teams/{team}/activities", new
        {
            title,
            kindId = "companionship",
            place = "万达社区敬老院",
            startsAt,
            endsAt = startsAt.AddHours(2),
            capacity = 5,
            requiredSkills = Array.Empty<string>(),
            streetWide = false,
        }, Ct));
        await People.OkAsync(volunteer.PostAsync($"/api/teams/activities/{activity}/sign-ups", null, Ct));

        var members = await leader.GetFromJsonAsync<JsonElement>($"/api/teams/{team}/members?limit=100", Ct);
        var mySignUps = await volunteer.GetFromJsonAsync<JsonElement>("/api/teams/sign-ups/mine", Ct);
        var candidates = await leader.GetFromJsonAsync<JsonElement>($"/api/teams/{team}/candidates?name={Uri.EscapeDataString("刘晓燕")}&limit=100", Ct);
        using var notTheLeader = await volunteer.GetAsync($"/api/teams/{team}/candidates?name={Uri.EscapeDataString("刘")}", Ct);

        var member = Assert.Single(Items(members), m => m.GetProperty("volunteerId").GetGuid() == volunteerId);
        Assert.Equal("刘晓燕", member.GetProperty("volunteerName").GetString());
        Assert.Contains(Items(mySignUps), s => s.GetProperty("activity").GetProperty("id").GetGuid() == activity);
        // The leader finds the volunteer by name among the street's volunteers, already a member; a member may not search.
        var found = Assert.Single(Items(candidates), c => c.GetProperty("volunteerId").GetGuid() == volunteerId);
        Assert.Equal(("刘晓燕", "member"), (found.GetProperty("volunteerName").GetString(), found.GetProperty("membership").GetString()));
        await notTheLeader.AssertProblemAsync(HttpStatusCode.Forbidden, "not_team_leader");

        // The feed's address is shown once; a calendar app sends no token.
        var feed = await volunteer.GetFromJsonAsync<JsonElement>("/api/teams/calendar/me", Ct);
        var path = feed.GetProperty("feedPath").GetString()!;
        using var calendarApp = new HttpClient { BaseAddress = system.Gateway.BaseAddress };
        using var ics = await calendarApp.GetAsync($"/api{path}", Ct);
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var text = await ics.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("BEGIN:VCALENDAR", text, StringComparison.Ordinal);
        Assert.Contains(title, text, StringComparison.Ordinal);

        await People.OkAsync(volunteer.PostAsync("/api/teams/calendar/me/rotate", null, Ct));
        using var old = await calendarApp.GetAsync($"/api{path}", Ct);
        await old.AssertProblemAsync(HttpStatusCode.NotFound, "calendar_feed_not_found");
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement page) => page.GetProperty("items").EnumerateArray();
}
