using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Registration's whole shape: real name, ID card, place, skills, availability, emergency contact, and the phone from Identity.</summary>
public sealed class ProfileTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_KeepsTheWholeProfile_ShowsTheIdCardMasked_AndStoresItEncrypted()
    {
        var (id, client) = await app.SignInAsync("李忠");
        var idCard = VolunteerForms.NextIdCard();

        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "wanda", idCard), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"{idCard[..3]}***********{idCard[14..]}", body.GetProperty("idCardNumber").GetString());
        Assert.Equal("wanda-01", body.GetProperty("gridId").GetString());
        Assert.Equal("万达广场公寓1幢", body.GetProperty("building").GetString());
        Assert.Equal(["home_repair", "companionship"], body.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        var slot = Assert.Single(body.GetProperty("availability").EnumerateArray());
        Assert.Equal("saturday", slot.GetProperty("day").GetString());
        Assert.Equal("09:00", slot.GetProperty("from").GetString());
        Assert.True(body.GetProperty("partyMember").GetBoolean());
        Assert.Equal("女儿", body.GetProperty("emergencyContact").GetProperty("relation").GetString());
        Assert.DoesNotContain(idCard, await Row(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_ShowsTheCallersOwnRecord_WithTheMobileFromIdentity()
    {
        var (id, mobile) = await app.Identity.SignUpAsync("刘雨");
        using var client = app.WithToken(await app.Identity.LoginAsync(mobile));
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("刘雨", "wanda"), Ct)).EnsureSuccessStatusCode();

        var me = await client.GetFromJsonAsync<JsonElement>("/volunteers/me", Ct);
        var byId = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{id}", Ct);

        Assert.Equal(id, me.GetProperty("id").GetGuid());
        Assert.Equal(mobile, me.GetProperty("phone").GetProperty("mobile").GetString());
        Assert.Equal("shown", me.GetProperty("phone").GetProperty("status").GetString());
        Assert.Equal(mobile, byId.GetProperty("phone").GetProperty("mobile").GetString());
        foreach (var own in new[] { me, byId })
        {
            Assert.Equal("13912340000", own.GetProperty("emergencyContact").GetProperty("mobile").GetString());
            Assert.False(own.GetProperty("emergencyContact").GetProperty("mobileMasked").GetBoolean());
        }
    }

    [Fact]
    public async Task AnAdminOfTheCommunity_SeesTheMobileAndTheEmergencyContactsMobileMasked()
    {
        var (id, mobile) = await app.Identity.SignUpAsync("邵凤华");
        using var client = app.WithToken(await app.Identity.LoginAsync(mobile));
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("邵凤华", "jingxing"), Ct)).EnsureSuccessStatusCode();
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "jingxing");

        var read = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/{id}", Ct);
        var verified = await admin.PostAsync($"/volunteers/{id}/verification", null, Ct);

        Assert.Equal($"{mobile[..3]}****{mobile[7..]}", read.GetProperty("phone").GetProperty("mobile").GetString());
        Assert.Equal("masked", read.GetProperty("phone").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        foreach (var seen in new[] { read, await verified.Content.ReadFromJsonAsync<JsonElement>(Ct) })
        {
            var contact = seen.GetProperty("emergencyContact");
            Assert.Equal("139****0000", contact.GetProperty("mobile").GetString());
            Assert.True(contact.GetProperty("mobileMasked").GetBoolean());
            Assert.Equal("李芳", contact.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Me_WhenIdentityDoesNotAnswer_IsStillServed_WithoutThePhone_AndSaysSo()
    {
        using var silent = new Blackhole();
        var settings = VolunteerForms.HostSettings(silent.Address.ToString().TrimEnd('/'));
        // Production's deadline for Identity, not the tests' longer one: this test is about that deadline.
        settings["Grpc:Deadlines:identity"] = "00:00:01";
        await using var host = app.Start(app.DatabaseConnectionString, overrides: settings);
        var (_, mobile) = await app.Identity.SignUpAsync();
        var token = await app.Identity.LoginAsync(mobile);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await client.WaitUntilReadyAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("岳传生", "fushun"), Ct)).EnsureSuccessStatusCode();

        var started = DateTime.UtcNow;
        var me = await client.GetAsync("/volunteers/me", Ct);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "The phone is given up at its deadline.");
        var phone = (await me.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("phone");
        Assert.Equal("unavailable", phone.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, phone.GetProperty("mobile").ValueKind);
    }

    [Fact]
    public async Task Me_BeforeRegistering_Is404()
    {
        var (_, client) = await app.SignInAsync();

        var response = await client.GetAsync("/volunteers/me", Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    [Theory]
    [InlineData("110105194912310021", "id_card_check")]
    [InlineData("11010519491231", "id_card_format")]
    public async Task Register_WithABadIdCard_Is400WithTheRule_AndSavesNothing(string idCard, string rule)
    {
        var (id, client) = await app.SignInAsync();

        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang", idCard), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(rule, problem.GetProperty("errors").GetProperty("idCardNumber")[0].GetString());
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == id, Ct));
    }

    [Fact]
    public async Task Register_WithAGridOfAnotherCommunity_AnUnknownBuildingOrSkill_Is400()
    {
        var (id, client) = await app.SignInAsync();
        var body = VolunteerForms.Registration("李忠", "xintang");
        body["gridId"] = "wanda-01";
        body["skills"] = new[] { "home_repair", "fortune_telling" };
        var (_, other) = await app.SignInAsync();
        var building = VolunteerForms.Registration("李忠", "xintang");
        building["building"] = "万达华府3幢";

        var gridAndSkill = await (await client.PostAsJsonAsync("/volunteers", body, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var wrongBuilding = await (await other.PostAsJsonAsync("/volunteers", building, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal("unknown_grid", gridAndSkill.GetProperty("errors").GetProperty("gridId")[0].GetString());
        Assert.Equal("unknown_kind", gridAndSkill.GetProperty("errors").GetProperty("skills")[0].GetString());
        Assert.Equal("unknown_building", wrongBuilding.GetProperty("errors").GetProperty("building")[0].GetString());
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == id, Ct));
    }

    [Fact]
    public async Task Register_WithAnIdCardAlreadyRegistered_Is409_EvenWrittenWithALowerCaseX()
    {
        var idCard = VolunteerForms.NextIdCard();
        while (!idCard.EndsWith('X'))
        {
            idCard = VolunteerForms.NextIdCard();
        }

        var (_, first) = await app.SignInAsync();
        (await first.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang", idCard), Ct)).EnsureSuccessStatusCode();
        var (second, client) = await app.SignInAsync();

        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李中", "wanda", idCard.ToLowerInvariant()), Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "id_card_already_registered");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == second, Ct));
    }

    [Fact]
    public async Task Register_OneIdCardByManyPeopleAtOnce_ExactlyOneWins()
    {
        var idCard = VolunteerForms.NextIdCard();
        var people = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.SignInAsync()));

        var responses = await Task.WhenAll(people.Select(p => p.Client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang", idCard), Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "id_card_already_registered");
        }

        var ids = people.Select(p => p.Id).ToList();
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Volunteers.CountAsync(v => ids.Contains(v.Id), Ct));
    }

    private async Task<string> Row(Guid id)
    {
        await using var connection = new NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT v::text FROM volunteers v WHERE id = $1", connection) { Parameters = { new() { Value = id } } };
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
