using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>The people a pairing test needs, made through the real APIs, and the pairing body that names them.</summary>
internal static class PairingPeople
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A pairing body for an elderly person living alone in 万达's first cell, consent from her daughter,
    /// weekly visits. It names no community or grid: the pairing takes the recipient's.
    /// </summary>
    public static Dictionary<string, object?> Body(Guid volunteer, Guid recipient) => new()
    {
        ["volunteerId"] = volunteer,
        ["recipientId"] = recipient,
        ["category"] = "elderlyLivingAlone",
        ["building"] = "万达广场公寓1幢",
        ["address"] = "万达广场公寓1幢302室",
        ["agreement"] = new { helps = new[] { "meals", "cleaning", "medical_help" }, otherServices = "每周电话问候", visitEveryDays = 7 },
        ["consent"] = new { givenBy = "guardian", giverName = "张红", giverRelation = "女儿" },
    };

    /// <summary>An assisted account (no password, consent recorded) of a resident of this cell, made at the real Identity.</summary>
    public static Task<Guid> AssistedResidentAsync(this VolunteersApp app, string communityId = "wanda", string gridId = "wanda-01", string name = "张阿婆") =>
        app.Identity.AssistedResidentAsync(communityId, gridId, name);

    public static async Task<Guid> PairAsync(this VolunteersApp app, HttpClient admin, Guid volunteer, Guid recipient)
    {
        var response = await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>A person registered and verified through the API, signed in again with the volunteer role (as Identity grants it once Volunteers says so).</summary>
    public static async Task<(Guid Id, HttpClient Client)> ActiveVolunteerAsync(this VolunteersApp app, string communityId)
    {
        var (id, mobile) = await app.Identity.SignUpAsync("志愿者");
        var client = app.WithToken(await app.Identity.LoginAsync(mobile));
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("王芳", communityId), Ct)).EnsureSuccessStatusCode();
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, communityId);
        (await admin.PostAsync($"/volunteers/{id}/verification", null, Ct)).EnsureSuccessStatusCode();
        return (id, app.WithToken(await app.Identity.LoginWithRoleAsync(mobile, Roles.Volunteer)));
    }

    /// <summary>
    /// Every table of the service and the events in its outbox, but the hours ledger: other classes'
    /// confirmations land in any Volunteers fixture's ledger at any time.
    /// </summary>
    public static Task<IReadOnlyDictionary<string, string>> FingerprintAsync(this VolunteersApp app) =>
        DatabaseFingerprint.TakeAsync(app.DatabaseConnectionString, ["hours_entries"]);
}
