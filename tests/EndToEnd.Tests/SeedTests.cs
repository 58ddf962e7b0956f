using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Cli.Seeding;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Issues 13's and 14's seeds: the demo street loaded through the gateway, twice, creates everything once.
/// It runs alone, after the other classes: 46 volunteers at once would slow the services enough on
/// two cores to push another test's gRPC calls past their deadlines.
/// </summary>
[Collection(nameof(SeedTests))]
public sealed class SeedTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDemoStreet_LoadedTwice_IsThereOnce_WithTheTeamsVolunteersAndActivitiesTheIssueAsks()
    {
        var file = SeedFile.Demo;
        var first = await NewSeeder().RunAsync(Ct);
        var second = await NewSeeder().RunAsync(Ct);

        // The first load made everything; the second found it all and made nothing.
        Assert.Equal(file.Volunteers.Count, first.Verified.Created);
        Assert.Equal(file.Teams.Count, first.Teams.Created);
        Assert.Equal(file.Activities.Count, first.Activities.Created);
        Assert.Equal(file.Needs.Count, first.Needs.Created);
        Assert.Equal(SeedMerchants.Demo.Merchants.Count, first.Merchants.Created);
        Assert.Equal(SeedMerchants.Demo.Merchants.Sum(m => m.Offers.Count), first.Offers.Created);
        Assert.Equal(0, second.CreatedTotal);
        Assert.Equal(first.Tallies.Select(t => t.Total), second.Tallies.Select(t => t.Total));
        Assert.Equal(first.TeamIds.OrderBy(t => t.Key), second.TeamIds.OrderBy(t => t.Key));
        Assert.Equal(first.VolunteerIds.OrderBy(v => v.Key), second.VolunteerIds.OrderBy(v => v.Key));
        Assert.Empty(second.Warnings);

        // Read back as the street admin: 40+ verified volunteers over the six communities.
        using var admin = await new People(system).StreetAdminAsync();
        var volunteers = await Task.WhenAll(second.VolunteerIds.Values.Select(id => admin.GetFromJsonAsync<JsonElement>($"/api/volunteers/{id}", Ct)));
        Assert.True(volunteers.Length >= 40);
        Assert.All(volunteers, v => Assert.Equal("active", v.GetProperty("status").GetString()));
        Assert.Equal(6, volunteers.Select(v => v.GetProperty("communityId").GetString()).Distinct().Count());

        // The named teams, each once, with their squads, members and the month's activities.
        var teams = await Task.WhenAll(second.TeamIds.Values.Select(id => admin.GetFromJsonAsync<JsonElement>($"/api/teams/{id}", Ct)));
        var names = teams.Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string?>
        {
            "党旗红志愿服务队", "暖心橙志愿服务队", "生态绿志愿服务队", "守护蓝志愿服务队", "文艺紫志愿服务队", "绚丽彩志愿服务队",
            "五老红志愿服务队", "邻里帮帮团", "惠管家志愿服务团队", "王殿海党员服务队", "巧娘志愿服务队",
        });
        Assert.Equal(names.Count, names.Distinct().Count());
        string?[] housekeepers = ["先锋管家", "巾帼管家", "老兵管家", "平安管家", "健康管家", "小管家"];
        Assert.Equal(housekeepers, await SquadNamesAsync(admin, second.TeamIds["惠管家志愿服务团队"]));
        Assert.Equal(8, (await SquadNamesAsync(admin, second.TeamIds["王殿海党员服务队"])).Count);
        Assert.Equal(
            file.Teams.Sum(t => t.AllMembers().Count() + 1),
            teams.Sum(t => t.GetProperty("figures").GetProperty("members").GetInt32()));
        var activities = teams.Sum(t => t.GetProperty("figures").GetProperty("activities").GetInt32());
        Assert.True(activities >= 10);
        Assert.Equal(file.Activities.Count, activities);

        // The residents' needs, each once, open on the street-wide board.
        var board = await admin.GetFromJsonAsync<JsonElement>("/api/needs?limit=100", Ct);
        var titles = board.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("title").GetString()).ToList();
        Assert.All(file.Needs, need => Assert.Single(titles, need.Title));

        // The partner businesses, verified, with their offers on the street's list: the bowling alley's free game among them.
        var offers = await admin.GetFromJsonAsync<JsonElement>("/api/merchants/offers?limit=100", Ct);
        var offerTitles = offers.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("title").GetString()).ToList();
        Assert.All(SeedMerchants.Demo.Merchants.SelectMany(m => m.Offers), offer => Assert.Single(offerTitles, offer.Title));
        Assert.Contains("长者保龄球月赛（免费）", offerTitles);
    }

    private Seeder NewSeeder() => new(system.Gateway, AllianceSystem.StreetAdminMobile, AllianceSystem.StreetAdminPassword, People.Password);

    private static async Task<List<string?>> SquadNamesAsync(HttpClient client, Guid team)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/teams/{team}/squads?limit=100", Ct);
        return page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
    }
}

[CollectionDefinition(nameof(SeedTests), DisableParallelization = true)]
public sealed class SeedTestsRunAlone;
