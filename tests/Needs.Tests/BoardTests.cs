using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>The street-wide board: filters, urgency then age, keyset pages; a volunteer's own view; a requester's own list.</summary>
public sealed class BoardTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheBoard_ListsOpenNeeds_MostUrgentFirstThenOldest_InKeysetPages()
    {
        var (_, resident) = await app.SignInAsync();
        var normal1 = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("帮忙修收音机", "appliance_repair", "fushun", "fushun-01"));
        var emergency = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("老人摔倒了", "appliance_repair", "fushun", "fushun-01", "emergency"));
        var normal2 = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("电视没信号", "appliance_repair", "fushun", "fushun-01"));
        var urgent = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("冰箱不制冷", "appliance_repair", "fushun", "fushun-01", "urgent"));
        var taken = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("洗衣机漏水", "appliance_repair", "fushun", "fushun-01", "emergency"));
        var (_, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{taken}/claims");

        var first = await resident.GetFromJsonAsync<JsonElement>("/needs?gridId=fushun-01&kindId=appliance_repair&limit=2", Ct);
        var second = await resident.GetFromJsonAsync<JsonElement>($"/needs?gridId=fushun-01&kindId=appliance_repair&limit=2&after={first.GetProperty("next").GetString()}", Ct);
        var urgentOnly = await resident.GetFromJsonAsync<JsonElement>("/needs?communityId=fushun&kindId=appliance_repair&urgency=urgent", Ct);

        Assert.Equal([emergency, urgent], Ids(first));
        Assert.Equal([normal1, normal2], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal([urgent], Ids(urgentOnly));
        Assert.DoesNotContain("address", first.GetProperty("items")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AVolunteersView_PutsTheirGridAndSkillsFirst()
    {
        var (_, resident) = await app.SignInAsync();
        // The volunteer (VolunteerForms) lives in jingxing-01 with the skills home_repair and companionship.
        var elsewhere = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("想学做蛋糕", "culture_show", "quanyun", "quanyun-01", "emergency"));
        var inTheirGrid = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("帮忙贴春联", "culture_show", "jingxing", "jingxing-01"));
        var theirSkill = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("陪聊天", "culture_show", "quanyun", "quanyun-01", requiredSkills: ["companionship"]));
        var (_, volunteer) = await app.VerifiedVolunteerAsync("jingxing");

        var forMe = await volunteer.GetFromJsonAsync<JsonElement>("/needs/for-me?kindId=culture_show&limit=2", Ct);
        var rest = await volunteer.GetFromJsonAsync<JsonElement>($"/needs/for-me?kindId=culture_show&limit=2&after={forMe.GetProperty("next").GetString()}", Ct);

        Assert.Equal([inTheirGrid, theirSkill], Ids(forMe));
        Assert.All(forMe.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("forYou").GetBoolean()));
        Assert.Equal([elsewhere], Ids(rest));
        Assert.False(rest.GetProperty("items")[0].GetProperty("forYou").GetBoolean());
    }

    [Fact]
    public async Task AVolunteersView_AmongNeedsThatOtherwiseRankEqual_PutsThoseThatMeetTheirAvailabilityFirst()
    {
        var (_, resident) = await app.SignInAsync();
        // The volunteer (VolunteerForms) is free on Saturdays 09:00–11:30 in Shanghai; counselling is not their skill, nor this grid theirs.
        var monday = NextMonday();
        var tuesdayAfternoon = await NeedsApp.PostNeedAsync(resident, Wanted("想找人聊聊心事", monday.AddDays(1).AddHours(14), TimeSpan.FromHours(2)));
        var saturdayMorning = await NeedsApp.PostNeedAsync(resident, Wanted("周末想找人聊聊", monday.AddDays(5).AddHours(9.5), TimeSpan.FromHours(1)));
        var (_, volunteer) = await app.VerifiedVolunteerAsync("jingxing");

        var first = await volunteer.GetFromJsonAsync<JsonElement>("/needs/for-me?kindId=counselling&gridId=daguanmingyuan-02&limit=1", Ct);
        var second = await volunteer.GetFromJsonAsync<JsonElement>($"/needs/for-me?kindId=counselling&gridId=daguanmingyuan-02&limit=1&after={first.GetProperty("next").GetString()}", Ct);

        Assert.Equal([saturdayMorning], Ids(first));
        Assert.Equal([tuesdayAfternoon], Ids(second));
        Assert.True(first.GetProperty("items")[0].GetProperty("fitsAvailability").GetBoolean());
        Assert.False(second.GetProperty("items")[0].GetProperty("fitsAvailability").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task TheRequestersList_HasTheirNeedsInEveryState_NewestFirst_AndNoOneElses()
    {
        var (_, resident) = await app.SignInAsync();
        var older = await NeedsApp.PostNeedAsync(resident);
        var newer = await NeedsApp.PostNeedAsync(resident, NeedsApp.NeedBody("想理个发", "haircut"));
        await resident.Must($"/needs/{older}/cancellation");
        await app.PostNeedAsync();

        var mine = await resident.GetFromJsonAsync<JsonElement>("/needs/mine", Ct);

        Assert.Equal([newer, older], Ids(mine));
        Assert.Equal("cancelled", mine.GetProperty("items")[1].GetProperty("status").GetString());
    }

    private static Dictionary<string, object?> Wanted(string title, DateTimeOffset from, TimeSpan length)
    {
        var body = NeedsApp.NeedBody(title, "counselling", "daguanmingyuan", "daguanmingyuan-02");
        body["wantedFrom"] = from;
        body["wantedUntil"] = from + length;
        return body;
    }

    /// <summary>Monday 00:00 of next week, Shanghai time.</summary>
    private static DateTimeOffset NextMonday()
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var today = new DateTimeOffset(now.Date, now.Offset);
        return today.AddDays(7 - (((int)today.DayOfWeek + 6) % 7));
    }

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
