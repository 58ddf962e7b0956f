using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>The sweeps of issue 12, generated from Volunteers' route table.</summary>
public sealed class SweepTests(VolunteersApp app) : SweepTests<Service>(app), IClassFixture<VolunteersApp>
{
    [Fact]
    public void NoRequestType_CarriesStateOrOwnerFields() => Sweeps.RequestTypesCarryNoForbiddenFields(app.Host.Services);

    [Fact]
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherPerson_AndAnAdminOfAnotherCommunity()
    {
        var sample = await SampleAsync();
        var (_, stranger) = await app.SignInAsync();
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "fushun");

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
        await Sweeps.BolaAsync(app.Host.Services, otherAdmin, app.DatabaseConnectionString, sample);
    }

    [Fact]
    public async Task InjectedStateAndOwnerFields_AreIgnored() => await Sweeps.InjectedFieldsAreIgnoredAsync(app.Host.Services, await SampleAsync());

    /// <summary>
    /// A volunteer of 万达 who is not the sweeping caller, verified and then suspended, so the writes
    /// that follow in route order (reinstatement, then suspension) are each legal; writers for each write route.
    /// </summary>
    protected override async Task<SweepSample> SampleAsync()
    {
        var (owner, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("刘雨", "wanda"))).EnsureSuccessStatusCode();
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        (await admin.PostAsync($"/volunteers/{owner}/verification", null)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/volunteers/{owner}/suspension", new { reason = "测试" })).EnsureSuccessStatusCode();
        var honour = await admin.PostAsJsonAsync($"/volunteers/{owner}/honour-hours", new { awardedHours = 2m, serviceDate = "2026-08-01", reason = "测试" });
        var sample = new SweepSample();
        sample.RouteValues["id"] = owner.ToString();
        sample.Readers["GET /volunteers/{id:guid}"] = client;
        sample.RouteValues["entryId"] = (await honour.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // Other classes' ServiceHoursConfirmed, NeedConfirmed and early adjustments land in every Volunteers fixture.
        sample.EventFedTables.AddRange(["hours_entries", "pending_adjustments"]);
        sample.Bodies["POST /volunteers"] = VolunteerForms.Registration("周立", "wanda");
        sample.Writers["POST /volunteers"] = (await app.SignInAsync()).Client;
        foreach (var route in new[] { "POST /volunteers/{id:guid}/reinstatement", "POST /volunteers/{id:guid}/suspension" })
        {
            sample.Bodies[route] = new { reason = "测试" };
            sample.Writers[route] = admin;
        }

        sample.Bodies["PATCH /volunteers/me"] = new { skills = new[] { "haircut" } };
        sample.Writers["PATCH /volunteers/me"] = client;
        sample.Bodies["POST /volunteers/{id:guid}/honour-hours"] = new { awardedHours = 1.5m, serviceDate = "2026-08-02", reason = "测试" };
        sample.Writers["POST /volunteers/{id:guid}/honour-hours"] = admin;
        await AddPairingsAsync(sample, admin);

        return sample;
    }

    /// <summary>An active volunteer of 万达 paired with one assisted resident (the sample's pairing) and with another (the one the ending sweep ends).</summary>
    private async Task AddPairingsAsync(SweepSample sample, HttpClient admin)
    {
        var (volunteerId, mobile) = await app.Identity.SignUpAsync("结对志愿者");
        var volunteer = app.WithToken(await app.Identity.LoginAsync(mobile));
        (await volunteer.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("何静", "wanda"))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/volunteers/{volunteerId}/verification", null)).EnsureSuccessStatusCode();
        volunteer = app.WithToken(await app.Identity.LoginWithRoleAsync(mobile, Roles.Volunteer));

        object PairingBody(Guid recipient) => new
        {
            volunteerId,
            recipientId = recipient,
            category = "disabled",
            agreement = new { helps = new[] { "walking_help" }, visitEveryDays = 7 },
            consent = new { givenBy = "self" },
        };
        async Task<string> PairAsync()
        {
            var response = await admin.PostAsJsonAsync("/volunteers/pairings", PairingBody(await app.Identity.AssistedResidentAsync()));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        sample.RouteValues["pairingId"] = await PairAsync();
        sample.RouteValues["communityId"] = "wanda";
        sample.Readers["GET /volunteers/pairings/{pairingId:guid}"] = volunteer;
        sample.Readers["GET /volunteers/pairings/{pairingId:guid}/visits"] = volunteer;
        sample.Readers["GET /volunteers/communities/{communityId}/pairings"] = admin;
        sample.Readers["GET /volunteers/communities/{communityId}"] = admin;
        sample.Readers["GET /volunteers/{id:guid}/status-history"] = admin;
        sample.Bodies["POST /volunteers/pairings"] = PairingBody(await app.Identity.AssistedResidentAsync());
        sample.Writers["POST /volunteers/pairings"] = admin;
        sample.Bodies["PUT /volunteers/pairings/{pairingId:guid}/agreement"] = new { helps = new[] { "walking_help", "medical_help" }, visitEveryDays = 5 };
        sample.Writers["PUT /volunteers/pairings/{pairingId:guid}/agreement"] = admin;
        const string ending = "POST /volunteers/pairings/{pairingId:guid}/ending";
        sample.RouteValuesOf[ending] = new() { ["pairingId"] = await PairAsync() };
        sample.Bodies[ending] = new { reason = "测试" };
        sample.Writers[ending] = admin;
        sample.Bodies["POST /volunteers/pairings/{pairingId:guid}/visits"] = new { visitedAt = DateTimeOffset.UtcNow, durationMinutes = 40, helps = new[] { "walking_help" } };
        sample.Writers["POST /volunteers/pairings/{pairingId:guid}/visits"] = volunteer;
    }
}
