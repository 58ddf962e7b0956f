using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>Leaderboards, the yearly stars, and the anti-gaming flags.</summary>
public sealed class RecognitionTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Leaderboards_OrderByPointsEarnedInThePeriod_ByCommunityAndTeam()
    {
        var community = $"c{Guid.CreateVersion7():N}";
        var (red, blue) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var july = new DateOnly(2031, 7, 15);
        var inJuly = Events.NoonIn(july);
        var activities = new[]
        {
            Events.Activity(a, 3m, july, red, community, inJuly),
            Events.Activity(b, 5m, july, blue, community, inJuly),
            Events.Activity(c, 1m, july, red, community, inJuly),
            // Held in June, confirmed in July: July's.
            Events.Activity(c, 2m, new DateOnly(2031, 6, 30), red, community, inJuly.AddDays(1)),
            // Confirmed in another month: in the year's board, not July's.
            Events.Activity(a, 10m, july, red, community, Events.NoonIn(new DateOnly(2031, 8, 1))),
        };
        foreach (var activity in activities)
        {
            await app.PublishAsync(activity);
        }

        foreach (var activity in activities)
        {
            await app.WaitForEntriesAsync(activity.ActivityId, 1);
        }

        var (_, client) = await app.SignInAsync();

        var month = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2031-07&communityId={community}", Ct);
        var year = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2031&communityId={community}", Ct);
        var teams = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/teams?period=2031-07&communityId={community}", Ct);
        var redOnly = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2031-07&teamId={red}", Ct);
        var bad = await client.GetAsync("/points/leaderboards/volunteers?period=July", Ct);

        // July: b 50; a and c 30 each share second place, listed by id.
        var (first, second) = a.CompareTo(c) < 0 ? (a, c) : (c, a);
        Assert.Equal([(1, b, 50L), (2, first, 30L), (2, second, 30L)], Standings(month));
        Assert.Equal([(1, a, 130L), (2, b, 50L), (3, c, 30L)], Standings(year));
        Assert.Equal([(1, red, 60L), (2, blue, 50L)], Standings(teams));
        Assert.Equal([(1, first, 30L), (1, second, 30L)], Standings(redOnly));
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AStreetAdmin_PicksStars_FromTheYearsCandidates_AndOnlyFromThem()
    {
        var star = Guid.CreateVersion7();
        var activity = Events.Activity(star, 50m, new DateOnly(2032, 3, 1), confirmedAt: Events.NoonIn(new DateOnly(2032, 3, 2)));
        await app.PublishAsync(activity);
        await app.WaitForEntriesAsync(activity.ActivityId, 1);
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var (_, communityAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        var candidates = await streetAdmin.GetFromJsonAsync<JsonElement>("/points/stars/2032/candidates", Ct);
        var picked = await streetAdmin.PostAsJsonAsync("/points/stars/2032", new { volunteerId = star, citation = "全年服务五十小时" }, Ct);
        var twice = await streetAdmin.PostAsJsonAsync("/points/stars/2032", new { volunteerId = star }, Ct);
        var stranger = await streetAdmin.PostAsJsonAsync("/points/stars/2032", new { volunteerId = Guid.CreateVersion7() }, Ct);
        var notTheirs = await communityAdmin.PostAsJsonAsync("/points/stars/2032", new { volunteerId = star }, Ct);
        var stars = await communityAdmin.GetFromJsonAsync<JsonElement>("/points/stars/2032", Ct);

        Assert.Contains(Standings(candidates), s => s.Id == star && s.Points == 500);
        Assert.Equal(HttpStatusCode.Created, picked.StatusCode);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "star_already_picked");
        await stranger.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not_a_candidate");
        await notTheirs.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
        var only = Assert.Single(stars.EnumerateArray());
        Assert.Equal((star, 500L, "全年服务五十小时"), (only.GetProperty("volunteerId").GetGuid(), only.GetProperty("points").GetInt64(), only.GetProperty("citation").GetString()));
    }

    [Fact]
    public async Task Flags_RepeatPairsAndImplausibleFiveStars_ButStillCredit()
    {
        var (resident, volunteer) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        // Five needs of one resident for one volunteer in a month: more than the limit of four.
        var needs = Enumerable.Range(0, 5).Select(_ => Events.NeedConfirmed([new(volunteer, 1m, 0m)], rating: 3, requester: resident)).ToList();
        var quick = Guid.CreateVersion7();
        // Five stars, confirmed five minutes after the work started.
        var tooQuick = Events.NeedConfirmed([new(quick, 0.1m, 0m)], rating: 5, startedAt: DateTimeOffset.UtcNow.AddMinutes(-5), took: TimeSpan.FromMinutes(2)) with
        {
            ConfirmedAt = DateTimeOffset.UtcNow,
        };
        // Five stars for three hours of work done in one.
        var overReported = Events.NeedConfirmed([new(Guid.CreateVersion7(), 3m, 0m)], rating: 5, took: TimeSpan.FromHours(1));
        var honest = Events.NeedConfirmed([new(Guid.CreateVersion7(), 1m, 0m)], rating: 5, took: TimeSpan.FromHours(2));
        foreach (var need in needs.Append(tooQuick).Append(overReported).Append(honest))
        {
            await app.PublishAsync(need);
            await app.WaitForEntriesAsync(need.NeedId, 1);
        }

        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var (_, communityAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        var flags = (await streetAdmin.GetFromJsonAsync<JsonElement>("/points/flags?limit=100", Ct)).GetProperty("items").EnumerateArray().ToList();
        var refused = await communityAdmin.GetAsync("/points/flags", Ct);

        var pair = Assert.Single(flags, f => f.GetProperty("kind").GetString() == "repeatPair" && f.GetProperty("volunteerId").GetGuid() == volunteer);
        Assert.Equal(resident, pair.GetProperty("requesterId").GetGuid());
        Assert.Equal(5, pair.GetProperty("detail").GetProperty("confirmedNeeds").GetInt32());
        Assert.Contains(flags, f => f.GetProperty("kind").GetString() == "fastFiveStar" && f.GetProperty("needId").GetGuid() == tooQuick.NeedId);
        Assert.Contains(flags, f => f.GetProperty("kind").GetString() == "fastFiveStar" && f.GetProperty("needId").GetGuid() == overReported.NeedId);
        Assert.DoesNotContain(flags, f => f.GetProperty("sourceId").GetGuid() == honest.NeedId);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
        await using var db = app.CreateDbContext();
        Assert.Equal(5, await db.Ledger.CountAsync(e => e.VolunteerId == volunteer && e.Amount == 10, Ct));
    }

    private static List<(int Rank, Guid Id, long Points)> Standings(JsonElement board) =>
        board.GetProperty("standings").EnumerateArray()
            .Select(s => (s.GetProperty("rank").GetInt32(), s.GetProperty("id").GetGuid(), s.GetProperty("points").GetInt64())).ToList();
}
