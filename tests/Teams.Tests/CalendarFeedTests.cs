using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>A volunteer's sign-ups as an iCalendar feed: public by its address, issued and rotated by its owner.</summary>
public sealed class CalendarFeedTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Feed_IsShownOnceWhenIssued_ServesOnlyTheOwnersSignUpsWithoutAToken_AndARotatedAddressIs404()
    {
        var (team, _, leader) = await app.TeamAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var mine = await CalendarTests.PublishAsync(leader, team, start);
        var theirs = await CalendarTests.PublishAsync(leader, team, start.AddHours(3));
        var (_, volunteer) = app.MintedVolunteer();
        var (_, other) = app.MintedVolunteer();
        (await volunteer.PostAsync($"/teams/activities/{mine}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await other.PostAsync($"/teams/activities/{theirs}/sign-ups", null, Ct)).EnsureSuccessStatusCode();

        var issued = await volunteer.GetFromJsonAsync<JsonElement>("/teams/calendar/me", Ct);
        var again = await volunteer.GetFromJsonAsync<JsonElement>("/teams/calendar/me", Ct);
        var path = issued.GetProperty("feedPath").GetString()!;
        var anonymous = app.Host.CreateClient();
        var feed = await anonymous.GetAsync(path, Ct);

        Assert.Matches("^/teams/calendar/[A-Za-z0-9_-]{43}\\.ics$", path);
        Assert.Equal(JsonValueKind.Null, again.GetProperty("feedPath").ValueKind);
        Assert.Equal(issued.GetProperty("issuedAt").GetDateTimeOffset(), again.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var ics = await feed.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{mine}@teams.alliance\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"DTSTART:{start.UtcDateTime:yyyyMMdd'T'HHmmss}Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:社区环境清洁日\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:万达社区广场\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.ToString(), ics, StringComparison.Ordinal);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));

        var rotated = await volunteer.PostAsync("/teams/calendar/me/rotate", null, Ct);
        var newPath = (await rotated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("feedPath").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(path, newPath);
        await (await anonymous.GetAsync(path, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "calendar_feed_not_found");
        Assert.Contains($"UID:{mine}@teams.alliance\r\n", await anonymous.GetStringAsync(newPath, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_OfAnUnknownOrMalformedToken_Is404_AndTheOwnersEndpointsNeedAToken()
    {
        var anonymous = app.Host.CreateClient();
        var (_, volunteer) = app.MintedVolunteer();
        var issued = await volunteer.GetFromJsonAsync<JsonElement>("/teams/calendar/me", Ct);
        var path = issued.GetProperty("feedPath").GetString()!;
        // One character of the token changed.
        var guessed = path[..^10] + (path[^10] == 'A' ? 'B' : 'A') + path[^9..];

        await (await anonymous.GetAsync(guessed, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "calendar_feed_not_found");
        await (await anonymous.GetAsync("/teams/calendar/short.ics", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "calendar_feed_not_found");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/teams/calendar/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/teams/calendar/me/rotate", null, Ct)).StatusCode);
        // Each person's first call issues their own feed: another volunteer is shown a path, never this one.
        var (_, someoneElse) = app.MintedVolunteer();
        var theirs = (await someoneElse.GetFromJsonAsync<JsonElement>("/teams/calendar/me", Ct)).GetProperty("feedPath").GetString();
        Assert.NotEqual(path, theirs);
    }
}
