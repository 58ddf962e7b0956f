using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Volunteers.Pairings;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Alliance.Volunteers.Tests.PairingPeople;

namespace Alliance.Volunteers.Tests;

/// <summary>
/// The two people a pairing's body names, judged against the caller's scope (issue 20): the recipient
/// is an assisted resident of a place the caller covers, the volunteer of a community the caller
/// covers; the pairing's place is the recipient's record, whatever the body says. Every refusal
/// leaves the database and the outbox as they were.
/// </summary>
public sealed class PairingPartyTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARecipientWhoSignedThemselvesUp_IsOutOfScope_EvenForTheStreetAdmin_AndNothingChanges()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var (recipient, _) = await app.SignInAsync("邻居");
        var before = await app.FingerprintAsync();

        await RefusedAsync(admin, Body(volunteer, recipient));
        await RefusedAsync(streetAdmin, Body(volunteer, recipient));

        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0, await PairingCountAsync(recipient));
    }

    [Fact]
    public async Task AnAssistedResidentOfAnotherPlace_IsOutOfScope_WhateverPlaceTheBodyClaims_AndNothingChanges()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var elsewhere = await app.AssistedResidentAsync("fushun", "fushun-01", "抚顺的李大爷");
        var body = Body(volunteer, elsewhere);
        body["building"] = null;
        // Fields the request no longer has: the place is Identity's record of the resident, never the body's word.
        body["communityId"] = "wanda";
        body["gridId"] = "wanda-01";
        var before = await app.FingerprintAsync();

        await RefusedAsync(admin, body);

        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0, await PairingCountAsync(elsewhere));
    }

    [Fact]
    public async Task AVolunteerOfAnotherCommunity_IsOutOfScope_AndAGridWorkerNeverPairs_AndNothingChanges()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, gridWorker) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01");
        var (foreignVolunteer, _) = await app.ActiveVolunteerAsync("fushun");
        var (ownVolunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        var before = await app.FingerprintAsync();

        await RefusedAsync(admin, Body(foreignVolunteer, recipient));
        // The cell's grid worker covers the resident but no whole community, so no volunteer's.
        await RefusedAsync(gridWorker, Body(ownVolunteer, recipient));

        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0, await PairingCountAsync(recipient));
    }

    [Fact]
    public async Task AnUnknownRecipient_Is422_AndNothingChanges()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var nobody = Guid.CreateVersion7();
        var before = await app.FingerprintAsync();

        var response = await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, nobody), Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, PairingsApi.RecipientUnknown);
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0, await PairingCountAsync(nobody));
    }

    [Fact]
    public async Task ThePairing_TakesItsCommunityAndGridFromTheRecipientsRecord_NotFromTheBody()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync("wanda", "wanda-02", "王奶奶");
        var body = Body(volunteer, recipient);
        body["building"] = "万达华府3幢";
        body["communityId"] = "fushun";
        body["gridId"] = "fushun-01";

        var response = await admin.PostAsJsonAsync("/volunteers/pairings", body, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pairing = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = pairing.GetProperty("id").GetGuid();
        Assert.Equal(("wanda", "wanda-02", "万达华府3幢"),
            (pairing.GetProperty("communityId").GetString(), pairing.GetProperty("gridId").GetString(), pairing.GetProperty("building").GetString()));
        await using (var db = app.CreateDbContext())
        {
            var stored = await db.Pairings.AsNoTracking().SingleAsync(p => p.Id == id, Ct);
            Assert.Equal(("wanda", "wanda-02"), (stored.CommunityId, stored.GridId));
        }

        var raised = Assert.Single(await app.PublishedAsync<PairingStarted>(e => e.PairingId == id));
        Assert.Equal(("wanda", "wanda-02"), (raised.CommunityId, raised.GridId));
        var (_, gridWorker) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-02");
        Assert.Equal(HttpStatusCode.OK, (await gridWorker.GetAsync($"/volunteers/pairings/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheStreetAdmin_PairsAcrossCommunities()
    {
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var (volunteer, _) = await app.ActiveVolunteerAsync("fushun");
        var recipient = await app.AssistedResidentAsync();

        var id = await app.PairAsync(streetAdmin, volunteer, recipient);

        await using var db = app.CreateDbContext();
        var stored = await db.Pairings.AsNoTracking().SingleAsync(p => p.Id == id, Ct);
        Assert.Equal((volunteer, "wanda", "wanda-01"), (stored.VolunteerId, stored.CommunityId, stored.GridId));
    }

    [Fact]
    public async Task WhenIdentityCannotBeAsked_StartingAPairingIs503_AndNothingChanges()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:identity:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var cutOffAdmin = cutOff.CreateClient();
        cutOffAdmin.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        await cutOffAdmin.WaitUntilReadyAsync();
        var before = await app.FingerprintAsync();

        var response = await cutOffAdmin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "identity_unavailable");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0, await PairingCountAsync(recipient));
    }

    private static async Task RefusedAsync(HttpClient caller, Dictionary<string, object?> body) =>
        await (await caller.PostAsJsonAsync("/volunteers/pairings", body, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, PairingsApi.OutOfScope);

    private async Task<int> PairingCountAsync(Guid recipient)
    {
        await using var db = app.CreateDbContext();
        return await db.Pairings.CountAsync(p => p.RecipientId == recipient, Ct);
    }
}
