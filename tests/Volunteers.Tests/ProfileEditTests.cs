using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>A volunteer edits their own skills, availability, emergency contact and building, each by registration's rule.</summary>
public sealed class ProfileEditTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Edit_ChangesOnlyTheGivenFields_AndPublishesTheirNamesOnly()
    {
        var (id, client) = await RegisteredAsync();

        var response = await client.PatchAsJsonAsync("/volunteers/me", new { skills = new[] { "haircut", "home_repair" }, building = "春分街12号" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/volunteers/me", Ct);
        Assert.Equal(["haircut", "home_repair"], me.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("春分街12号", me.GetProperty("building").GetString());
        Assert.Equal("saturday", Assert.Single(me.GetProperty("availability").EnumerateArray()).GetProperty("day").GetString());
        Assert.Equal("13912340000", me.GetProperty("emergencyContact").GetProperty("mobile").GetString());
        var changed = Assert.Single(await app.PublishedAsync<VolunteerProfileChanged>(e => e.VolunteerId == id));
        Assert.Equal(["skills", "building"], changed.ChangedFields);
        Assert.Equal("wanda", changed.CommunityId);
    }

    [Fact]
    public async Task Edit_AvailabilityAndEmergencyContact_ReplacesThem_AndTheSameValuesAgainPublishNothing()
    {
        var (id, client) = await RegisteredAsync();
        var body = new
        {
            availability = new[] { new { day = "sunday", from = "14:00", to = "17:00" }, new { day = "monday", from = "08:00", to = "09:00" } },
            emergencyContact = new { name = "李强", relation = "儿子", mobile = "13800001111" },
        };

        var first = await client.PatchAsJsonAsync("/volunteers/me", body, Ct);
        var again = await client.PatchAsJsonAsync("/volunteers/me", body, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var me = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["sunday", "monday"], me.GetProperty("availability").EnumerateArray().Select(s => s.GetProperty("day").GetString()));
        Assert.Equal("李强", me.GetProperty("emergencyContact").GetProperty("name").GetString());
        Assert.Equal(["home_repair", "companionship"], me.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        var changed = Assert.Single(await app.PublishedAsync<VolunteerProfileChanged>(e => e.VolunteerId == id));
        Assert.Equal(["availability", "emergencyContact"], changed.ChangedFields);
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        { """{ "skills": ["home_repair", "fortune_telling"] }""", "skills", "unknown_kind" },
        { """{ "skills": ["a","b","c","d","e","f","g","h","i","j","k"] }""", "skills", "too_many" },
        { """{ "availability": [{ "day": "sunday", "from": "17:00", "to": "14:00" }] }""", "availability[0]", "slot_order" },
        { """{ "availability": [{ "day": "sunday", "from": "2pm", "to": "17:00" }] }""", "availability[0].from", "time_format" },
        { """{ "emergencyContact": { "name": "李强", "relation": "儿子", "mobile": "12345" } }""", "emergencyContact.mobile", "mobile_format" },
        { """{ "emergencyContact": { "relation": "儿子", "mobile": "13800001111" } }""", "emergencyContact.name", "required" },
        { """{ "building": "万达华府3幢" }""", "building", "unknown_building" },
        { """{ "building": " " }""", "building", "required" },
        { """{ "skills": ["haircut"], "building": "万达华府3幢" }""", "building", "unknown_building" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Edit_WithABadField_Is400WithRegistrationsRule_AndChangesNothing(string body, string field, string rule)
    {
        var (id, client) = await RegisteredAsync();
        var before = await client.GetStringAsync($"/volunteers/{id}", Ct);

        var response = await client.PatchAsync("/volunteers/me", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        await response.AssertFieldErrorAsync(field, rule);
        Assert.Equal(before, await client.GetStringAsync($"/volunteers/{id}", Ct));
        Assert.Empty(await app.PublishedAsync<VolunteerProfileChanged>(e => e.VolunteerId == id));
    }

    [Fact]
    public async Task Edit_BySomeoneNotRegistered_Is404()
    {
        var (_, client) = await app.SignInAsync();

        var response = await client.PatchAsJsonAsync("/volunteers/me", new { skills = new[] { "haircut" } }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    [Fact]
    public async Task Register_WithoutAvailability_Is201_WithNoSlots_AndAnEditAddsThem()
    {
        var (_, client) = await app.SignInAsync();
        var body = VolunteerForms.Registration("李忠", "wanda");
        body.Remove("availability");

        var registered = await client.PostAsJsonAsync("/volunteers", body, Ct);
        var edited = await client.PatchAsJsonAsync("/volunteers/me", new { availability = new[] { new { day = "friday", from = "18:00", to = "20:00" } } }, Ct);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Empty((await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("availability").EnumerateArray());
        Assert.Equal("friday", Assert.Single((await edited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("availability").EnumerateArray()).GetProperty("day").GetString());
    }

    private async Task<(Guid Id, HttpClient Client)> RegisteredAsync()
    {
        var (id, client) = await app.SignInAsync("李忠");
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "wanda"), Ct)).EnsureSuccessStatusCode();
        return (id, client);
    }
}
