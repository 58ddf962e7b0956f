using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Issue 14's rounds through the gateway, with real tokens: a need crosses communities from posting to
/// the volunteer's certified hours, and a team's two members have their hours recorded apart.
/// </summary>
public sealed class NeedRoundTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AResidentsNeed_IsTakenOnByAVolunteerOfAnotherCommunity_AndConfirmedIntoTheirCertifiedHours()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (_, _, resident) = await people.NewAsync("吴福生");
        var (volunteerId, volunteer) = await people.VerifiedVolunteerAsync(streetAdmin, "林师傅", "wanda");

        // A resident of 新塘 posts; a volunteer of 万达 finds it on the street-wide board.
        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("家里的老座钟不走了，想请师傅看看", "appliance_repair", helpers: 1), Ct));
        var board = await volunteer.GetFromJsonAsync<JsonElement>("/api/needs?communityId=xintang&limit=100", Ct);
        var onBoard = Assert.Single(board.GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetGuid() == need);
        Assert.False(onBoard.TryGetProperty("address", out var shown) && shown.ValueKind != JsonValueKind.Null, "The board shows no address.");

        // The volunteer claims it, the resident accepts: from then on the volunteer sees the address.
        Assert.Equal(HttpStatusCode.Created, (await volunteer.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct)).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await volunteer.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct)).GetProperty("address").ValueKind);
        await People.OkAsync(resident.PostAsync($"/api/needs/{need}/acceptance", null, Ct));
        Assert.Equal("新塘新村4幢2单元301室", (await volunteer.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct)).GetProperty("address").GetString());

        // The work is done and confirmed; NeedConfirmed reaches the volunteer's certified hours.
        await People.OkAsync(volunteer.PostAsync($"/api/needs/{need}/start", null, Ct));
        await WorkedForAsync(need, TimeSpan.FromHours(3));
        await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/completion",
            new { helpers = new[] { new { volunteerId, hours = 2.5m, nightHours = 0m } }, note = "换了摆锤的挂簧，走时正常" }, Ct));
        await People.OkAsync(resident.PostAsJsonAsync($"/api/needs/{need}/confirmation", new { rating = 5, comment = "修得很好，谢谢" }, Ct));
        Assert.Equal("confirmed", (await resident.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct)).GetProperty("status").GetString());

        var entry = await HoursEntryAsync(volunteer, volunteerId, need);
        Assert.Equal(2.5m, entry.GetProperty("hours").GetDecimal());
        Assert.Equal("need", entry.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ATeamLeaderClaimsANeed_AssignsTwoMembers_AndEachMembersHoursAreRecordedApart()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (_, _, resident) = await people.NewAsync("孙桂兰");
        var (_, leader) = await people.VerifiedVolunteerAsync(streetAdmin, "王殿海", "fushun");
        var (first, firstClient) = await people.VerifiedVolunteerAsync(streetAdmin, "赵红", "fushun");
        var (second, secondClient) = await people.VerifiedVolunteerAsync(streetAdmin, "钱军", "quanyun");
        var team = await People.IdOfAsync(await leader.PostAsJsonAsync("/api/teams", new { name = $"邻里帮帮团{Guid.NewGuid():N}"[..12], communityId = "fushun", theme = "warmOrange" }, Ct));
        foreach (var (member, client) in new[] { (first, firstClient), (second, secondClient) })
        {
            var invited = await leader.PostAsJsonAsync($"/api/teams/{team}/invitations", new { volunteerId = member }, Ct);
            Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
            var invitation = (await invited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            await People.OkAsync(client.PostAsync($"/api/teams/{team}/invitations/{invitation}/acceptance", null, Ct));
        }

        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("楼道堆物清理，需要两个人手", "cleaning", helpers: 2), Ct));
        Assert.Equal(HttpStatusCode.Created, (await leader.PostAsJsonAsync($"/api/needs/{need}/claims", new { teamId = team }, Ct)).StatusCode);
        await People.OkAsync(leader.PutAsJsonAsync($"/api/needs/{need}/helpers", new { volunteerIds = new[] { first, second } }, Ct));
        await People.OkAsync(resident.PostAsync($"/api/needs/{need}/acceptance", null, Ct));
        Assert.Equal("新塘新村4幢2单元301室", (await secondClient.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct)).GetProperty("address").GetString());
        await People.OkAsync(leader.PostAsync($"/api/needs/{need}/start", null, Ct));
        await WorkedForAsync(need, TimeSpan.FromHours(3));
        await People.OkAsync(leader.PostAsJsonAsync($"/api/needs/{need}/completion", new
        {
            helpers = new[] { new { volunteerId = first, hours = 3m, nightHours = 1m }, new { volunteerId = second, hours = 1.5m, nightHours = 0m } },
            note = "清出旧家具两件，楼道已通畅",
        }, Ct));
        await People.OkAsync(resident.PostAsJsonAsync($"/api/needs/{need}/confirmation", new { rating = 4, comment = "很及时" }, Ct));

        var firstEntry = await HoursEntryAsync(firstClient, first, need);
        var secondEntry = await HoursEntryAsync(secondClient, second, need);
        Assert.Equal((3m, 1m), (firstEntry.GetProperty("hours").GetDecimal(), firstEntry.GetProperty("nightHours").GetDecimal()));
        Assert.Equal((1.5m, 0m), (secondEntry.GetProperty("hours").GetDecimal(), secondEntry.GetProperty("nightHours").GetDecimal()));
        Assert.Equal(team, firstEntry.GetProperty("teamId").GetGuid());
    }

    /// <summary>The work began that long ago: hours are never reported beyond the time since the start.</summary>
    private async Task WorkedForAsync(Guid need, TimeSpan time) =>
        await StoredTimes.MoveNeedBackAsync(await system.DatabaseAsync("needsdb"), need, time);

    private static async Task<JsonElement> HoursEntryAsync(HttpClient client, Guid volunteer, Guid need) =>
        await People.EventuallyAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/volunteers/{volunteer}/hours", Ct);
            return page.GetProperty("items").EnumerateArray().FirstOrDefault(e => e.GetProperty("sourceId").GetGuid() == need);
        }, "The need's hours in the volunteer's record");
}
