using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Volunteers;
using Alliance.Points.Ledger;
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
    public async Task TheMonthsTotals_StayTheLedgersSums_ThroughCreditsAdjustmentsAndAnErasure()
    {
        var community = $"c{Guid.CreateVersion7():N}";
        var team = Guid.CreateVersion7();
        var (kept, erased) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var march = new DateOnly(2032, 3, 10);
        var first = Events.Activity(kept, 3m, march, team, community, Events.NoonIn(march));
        var later = Events.Activity(kept, 2m, march, team, community, Events.NoonIn(march.AddMonths(1)));
        var gone = Events.Activity(erased, 4m, march, team, community, Events.NoonIn(march));
        foreach (var activity in new[] { first, later, gone })
        {
            await app.PublishAsync(activity);
            await app.WaitForEntriesAsync(activity.ActivityId, 1);
        }

        // An hour taken back from March's credit, in March: it keeps the credit's team and community.
        var adjusted = new ServiceHoursAdjusted(Guid.CreateVersion7(), Events.NoonIn(march.AddDays(5)), null, Guid.CreateVersion7(), first.ActivityId, kept, -1m, "核减");
        await app.PublishAsync(adjusted);
        await app.WaitForEntriesAsync(adjusted.AdjustmentId, 1);
        await app.PublishAsync(new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, erased, community));
        await app.WaitUntilAsync(async db => !await db.Ledger.AnyAsync(e => e.VolunteerId == erased), "the erased volunteer's ledger anonymised");
        var (_, client) = await app.SignInAsync();

        var inMarch = Standings(await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2032-03&communityId={community}", Ct));
        var inTheYear = Standings(await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2032&teamId={team}", Ct));
        var teams = Standings(await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/teams?period=2032&communityId={community}", Ct));

        // March: the erased volunteer's 40 under an anonymous id, then 30 - 10; the year adds April's 20.
        var anonymous = inMarch[0].Id;
        Assert.NotEqual(erased, anonymous);
        Assert.Equal([(1, anonymous, 40L), (2, kept, 20L)], inMarch);
        var (a, b) = anonymous.CompareTo(kept) < 0 ? (anonymous, kept) : (kept, anonymous);
        Assert.Equal([(1, a, 40L), (1, b, 40L)], inTheYear);
        Assert.Equal([(1, team, 80L)], teams);

        // Row for row, in one snapshot of the database: no total that the ledger does not add up to, and none left under the erased id.
        await using var db = app.CreateDbContext();
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, Ct);
        var totals = await db.MonthlyEarnings.Where(m => m.Points != 0)
            .Select(m => new Total(m.Month, m.CommunityId, m.TeamId, m.VolunteerId, m.Points)).ToListAsync(Ct);
        var sums = await db.Ledger.Where(e => e.Kind == EntryKind.Credit || e.Kind == EntryKind.Adjustment)
            .GroupBy(e => new { e.EarnedOn.Year, e.EarnedOn.Month, e.CommunityId, e.TeamId, e.VolunteerId })
            .Select(g => new { g.Key, Points = g.Sum(e => e.Amount) })
            .Where(t => t.Points != 0).ToListAsync(Ct);
        Assert.NotEmpty(totals);
        Assert.Equal(
            sums.Select(t => new Total(new DateOnly(t.Key.Year, t.Key.Month, 1), t.Key.CommunityId, t.Key.TeamId, t.Key.VolunteerId, t.Points)).Order().ToList(),
            totals.Order().ToList());
        Assert.False(await db.MonthlyEarnings.AnyAsync(m => m.VolunteerId == erased, Ct));
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

    private sealed record Total(DateOnly Month, string? CommunityId, Guid? TeamId, Guid VolunteerId, long Points) : IComparable<Total>
    {
        public int CompareTo(Total? other) => other is null ? 1 : (Month, CommunityId ?? "", TeamId ?? Guid.Empty, VolunteerId, Points)
            .CompareTo((other.Month, other.CommunityId ?? "", other.TeamId ?? Guid.Empty, other.VolunteerId, other.Points));
    }

    private static List<(int Rank, Guid Id, long Points)> Standings(JsonElement board) =>
        board.GetProperty("standings").EnumerateArray()
            .Select(s => (s.GetProperty("rank").GetInt32(), s.GetProperty("id").GetGuid(), s.GetProperty("points").GetInt64())).ToList();
}
