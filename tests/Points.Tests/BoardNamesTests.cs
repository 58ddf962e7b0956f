using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>People on the boards and the stars list by the names Identity gives: one look-up a page, never one a row.</summary>
public sealed class BoardNamesTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheVolunteerBoard_NamesEachVolunteer_AndTheTeamBoardNamesNoOne()
    {
        var community = $"c{Guid.CreateVersion7():N}";
        var (wang, _) = await app.Identity.SignUpAsync("王芳");
        var (li, _) = await app.Identity.SignUpAsync("李强");
        var day = new DateOnly(2033, 5, 10);
        var activities = new[] { Events.Activity(wang, 3m, day, community: community, confirmedAt: Events.NoonIn(day)), Events.Activity(li, 1m, day, community: community, confirmedAt: Events.NoonIn(day)) };
        foreach (var activity in activities)
        {
            await app.PublishAsync(activity);
            await app.WaitForEntriesAsync(activity.ActivityId, 1);
        }

        var (_, client) = await app.SignInAsync();

        var board = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2033-05&communityId={community}", Ct);
        var teams = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/teams?period=2033-05&communityId={community}", Ct);

        Assert.Equal([(wang, "王芳"), (li, "李强")], Names(board));
        Assert.All(teams.GetProperty("standings").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("name").ValueKind));
    }

    [Fact]
    public async Task TheStarsList_AndItsCandidates_NameThePickedVolunteer()
    {
        var (star, _) = await app.Identity.SignUpAsync("赵敏");
        var activity = Events.Activity(star, 80m, new DateOnly(2034, 3, 1), confirmedAt: Events.NoonIn(new DateOnly(2034, 3, 2)));
        await app.PublishAsync(activity);
        await app.WaitForEntriesAsync(activity.ActivityId, 1);
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);

        var candidates = await streetAdmin.GetFromJsonAsync<JsonElement>("/points/stars/2034/candidates", Ct);
        var picked = await streetAdmin.PostAsJsonAsync("/points/stars/2034", new { volunteerId = star, citation = "全年服务八十小时" }, Ct);
        var (_, anyone) = await app.SignInAsync();
        var stars = await anyone.GetFromJsonAsync<JsonElement>("/points/stars/2034", Ct);

        Assert.Contains((star, "赵敏"), Names(candidates));
        Assert.Equal("赵敏", (await picked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("volunteerName").GetString());
        var only = Assert.Single(stars.EnumerateArray());
        Assert.Equal((star, "赵敏"), (only.GetProperty("volunteerId").GetGuid(), only.GetProperty("volunteerName").GetString()));
    }

    [Fact]
    public async Task AVolunteerWhoChoseAnonymity_IsAnonymousOnTheBoard_ButNamedToTheStreetAdminAmongTheCandidates()
    {
        var community = $"c{Guid.CreateVersion7():N}";
        var (shy, mobile) = await app.Identity.SignUpAsync("钱多多");
        using (var self = app.Identity.ClientFor(await app.Identity.LoginAsync(mobile)))
        {
            (await self.PatchAsJsonAsync("/identity/accounts/me", new { anonymousOnLeaderboards = true }, Ct)).EnsureSuccessStatusCode();
        }

        var day = new DateOnly(2035, 4, 10);
        var activity = Events.Activity(shy, 2m, day, community: community, confirmedAt: Events.NoonIn(day));
        await app.PublishAsync(activity);
        await app.WaitForEntriesAsync(activity.ActivityId, 1);
        var (_, client) = await app.SignInAsync();
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);

        var board = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2035-04&communityId={community}", Ct);
        var candidates = await streetAdmin.GetFromJsonAsync<JsonElement>("/points/stars/2035/candidates", Ct);

        Assert.Equal([(shy, "匿名志愿者")], Names(board));
        Assert.Contains((shy, "钱多多"), Names(candidates));
    }

    [Fact]
    public async Task AnErasedVolunteer_AppearsAsDeleted_NeverByTheirOldName()
    {
        var community = $"c{Guid.CreateVersion7():N}";
        var (gone, _) = await app.Identity.SignUpAsync("孙悟");
        var day = new DateOnly(2036, 6, 10);
        var activity = Events.Activity(gone, 2m, day, community: community, confirmedAt: Events.NoonIn(day));
        await app.PublishAsync(activity);
        await app.WaitForEntriesAsync(activity.ActivityId, 1);
        var erased = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, gone, community);
        await app.PublishAsync(erased);
        await app.WaitUntilAsync(async db => !await db.Ledger.AnyAsync(e => e.VolunteerId == gone), "the erased volunteer's ledger anonymised");
        var (_, client) = await app.SignInAsync();

        var board = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period=2036-06&communityId={community}", Ct);

        var only = Assert.Single(Names(board));
        Assert.NotEqual(gone, only.Id);
        Assert.Equal("已注销", only.Name);
        Assert.DoesNotContain("孙悟", board.GetRawText(), StringComparison.Ordinal);
        await using var db = app.CreateDbContext();
        Assert.False(await db.MonthlyEarnings.AnyAsync(m => m.VolunteerId == gone, Ct), "the leaderboards' totals still name the erased id");
    }

    private static List<(Guid Id, string? Name)> Names(JsonElement board) =>
        [.. board.GetProperty("standings").EnumerateArray().Select(s => (s.GetProperty("id").GetGuid(), s.GetProperty("name").GetString()))];
}
