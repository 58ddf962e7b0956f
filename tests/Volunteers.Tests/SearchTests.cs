using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Admins search the active volunteers of their scope to invite or pair; no one else searches, and no result carries contact data.</summary>
public sealed class SearchTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACommunityAdmin_FindsTheActiveVolunteersOfTheirCommunity_ByRealNameAndSkill_WithoutContactData()
    {
        var family = Family();
        var wanda = await VerifiedAsync($"{family}一", "wanda");
        var pending = await RegisteredAsync($"{family}二", "wanda");
        var elsewhere = await VerifiedAsync($"{family}三", "xintang");
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        var found = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/search?realName={family}&skill=home_repair", Ct);
        var bySkill = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/search?realName={family}&skill=haircut", Ct);

        var only = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(wanda, only.GetProperty("id").GetGuid());
        Assert.Equal($"{family}一", only.GetProperty("realName").GetString());
        Assert.Equal(["home_repair", "companionship"], only.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(("wanda", "wanda-01"), (only.GetProperty("communityId").GetString(), only.GetProperty("gridId").GetString()));
        Assert.True(only.TryGetProperty("displayName", out _));
        Assert.Equal(
            ["communityId", "displayName", "gridId", "id", "realName", "skills"],
            only.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty(bySkill.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(pending, Ids(found));
        Assert.DoesNotContain(elsewhere, Ids(found));
    }

    [Fact]
    public async Task TheStreetAdmin_SearchesTheWholeStreet_AGridWorkerTheirCells_InKeysetPages()
    {
        var family = Family();
        var first = await VerifiedAsync($"{family}一", "wanda");
        var second = await VerifiedAsync($"{family}二", "xintang");
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var (_, gridWorker) = await app.SignInAsAsync(Roles.GridWorker, "xintang", "xintang-01");

        var page1 = await streetAdmin.GetFromJsonAsync<JsonElement>($"/volunteers/search?realName={family}&limit=1", Ct);
        var page2 = await streetAdmin.GetFromJsonAsync<JsonElement>($"/volunteers/search?realName={family}&limit=1&after={page1.GetProperty("next").GetString()}", Ct);
        var cells = await gridWorker.GetFromJsonAsync<JsonElement>($"/volunteers/search?realName={family}", Ct);

        Assert.Equal([first], Ids(page1));
        Assert.Equal([second], Ids(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        Assert.Equal([second], Ids(cells));
    }

    [Fact]
    public async Task AnAdminAskingForAnotherCommunity_Is403_AndAVolunteerOrResidentMayNotSearch()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, volunteer) = await app.SignInAsVolunteerAsync();
        var (_, resident) = await app.SignInAsync();

        var otherCommunity = await admin.GetAsync("/volunteers/search?communityId=xintang", Ct);
        var byVolunteer = await volunteer.GetAsync("/volunteers/search?skill=home_repair", Ct);
        var byResident = await resident.GetAsync("/volunteers/search?realName=李", Ct);

        await otherCommunity.AssertProblemAsync(HttpStatusCode.Forbidden, "volunteers_out_of_scope");
        await byVolunteer.AssertProblemAsync(HttpStatusCode.Forbidden, "volunteers_out_of_scope");
        await byResident.AssertProblemAsync(HttpStatusCode.Forbidden, "volunteers_out_of_scope");
    }

    [Theory]
    [InlineData("skill=fortune_telling", "skill", "unknown_kind")]
    [InlineData("communityId=atlantis", "communityId", "unknown_community")]
    [InlineData("communityId=wanda&gridId=xintang-01", "gridId", "unknown_grid")]
    [InlineData("gridId=nowhere-01", "gridId", "unknown_grid")]
    [InlineData("name=%20", "name", "required")]
    [InlineData("limit=0", "limit", "out_of_range")]
    [InlineData("after=not-a-cursor", "after", "unknown_cursor")]
    public async Task ABadQuery_Is400WithTheRule(string query, string field, string rule)
    {
        var (_, admin) = await app.SignInAsAsync(Roles.StreetAdmin);

        var response = await admin.GetAsync($"/volunteers/search?{query}", Ct);

        await response.AssertFieldErrorAsync(field, rule);
    }

    [Fact]
    public async Task ByDisplayName_FindsTheVolunteerThroughIdentity()
    {
        var family = Family();
        var (id, mobile) = await app.Identity.SignUpAsync($"{family}小名");
        using var client = app.WithToken(await app.Identity.LoginAsync(mobile));
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("王芳", "wanda"), Ct)).EnsureSuccessStatusCode();
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        (await admin.PostAsync($"/volunteers/{id}/verification", null, Ct)).EnsureSuccessStatusCode();

        var found = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/search?name={family}", Ct);

        var only = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal((id, $"{family}小名"), (only.GetProperty("id").GetGuid(), only.GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task ByDisplayName_WhenIdentityDoesNotAnswer_Is503_WithRetryAfter()
    {
        using var silent = new Blackhole();
        var settings = VolunteerForms.HostSettings(silent.Address.ToString().TrimEnd('/'));
        settings["Grpc:Deadlines:identity"] = "00:00:01";
        await using var host = app.Start(app.DatabaseConnectionString, overrides: settings);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.Identity.StreetAdminTokenAsync());
        await client.WaitUntilReadyAsync();

        var response = await client.GetAsync("/volunteers/search?name=王", Ct);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "identity_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static string Family() => $"测{Guid.CreateVersion7().ToString("N")[^8..]}";

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private async Task<Guid> RegisteredAsync(string realName, string communityId)
    {
        var (id, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(realName, communityId), Ct)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<Guid> VerifiedAsync(string realName, string communityId)
    {
        var id = await RegisteredAsync(realName, communityId);
        using var admin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);
        (await admin.PostAsync($"/volunteers/{id}/verification", null, Ct)).EnsureSuccessStatusCode();
        return id;
    }
}
