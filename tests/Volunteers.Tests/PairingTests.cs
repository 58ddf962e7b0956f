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
/// One-to-one pairing (结对帮扶) through the API, with real tokens, the real broker and the real due-work
/// sweeper: starting one and its visits here, its later life in PairingTests.Lifecycle.cs (one class, one host).
/// </summary>
public sealed partial class PairingTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdminPairs_TheVolunteerLogsAVisit_AndOnlyThePairingsPeopleAndAdminsSeeIt()
    {
        var (adminId, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, volunteerClient) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync("wanda", "wanda-01", "独居老人");

        var response = await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pairing = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = pairing.GetProperty("id").GetGuid();
        Assert.Equal($"/volunteers/pairings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("elderlyLivingAlone", pairing.GetProperty("category").GetString());
        Assert.Equal(7, pairing.GetProperty("agreement").GetProperty("visitEveryDays").GetInt32());
        Assert.Equal("guardian", pairing.GetProperty("consent").GetProperty("givenBy").GetString());
        Assert.Equal(("wanda", "wanda-01"), (pairing.GetProperty("communityId").GetString(), pairing.GetProperty("gridId").GetString()));
        Assert.Equal(adminId, pairing.GetProperty("consent").GetProperty("notedBy").GetGuid());
        Assert.False(pairing.GetProperty("overdue").GetBoolean());
        var startedEvent = Assert.Single(await app.PublishedAsync<PairingStarted>(e => e.PairingId == id));
        Assert.Equal((volunteer, recipient, adminId), (startedEvent.VolunteerId, startedEvent.RecipientId, startedEvent.PairedBy));

        // A visit is logged after it happened, and never for a time before the pairing began.
        var visitedAt = DateTimeOffset.UtcNow;
        var visit = await volunteerClient.PostAsJsonAsync($"/volunteers/pairings/{id}/visits",
            new { visitedAt, durationMinutes = 90, helps = new[] { "meals", "cleaning" }, problemsSolved = 2, note = "帮忙打扫厨房，修好了水龙头" }, Ct);

        Assert.Equal(HttpStatusCode.Created, visit.StatusCode);
        var detail = await volunteerClient.GetFromJsonAsync<JsonElement>($"/volunteers/pairings/{id}", Ct);
        var view = detail.GetProperty("pairing");
        Assert.Equal(1, view.GetProperty("visits").GetProperty("count").GetInt32());
        Assert.Equal(90, view.GetProperty("visits").GetProperty("minutes").GetInt32());
        Assert.Equal(2, view.GetProperty("visits").GetProperty("problemsSolved").GetInt32());
        Assert.Equal(visitedAt.AddDays(7).ToUnixTimeSeconds(), view.GetProperty("nextVisitDueAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal("万达广场公寓1幢302室", detail.GetProperty("address").GetString());
        Assert.Equal("独居老人", detail.GetProperty("recipient").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("volunteer").GetProperty("phone").GetString()));
        var mine = await volunteerClient.GetFromJsonAsync<JsonElement>("/volunteers/pairings/mine", Ct);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/volunteers/communities/wanda/pairings?status=active", Ct);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain("302室", listed.GetRawText(), StringComparison.Ordinal);

        var (_, stranger) = await app.SignInAsync();
        await (await stranger.GetAsync($"/volunteers/pairings/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, PairingsApi.PairingNotFound);
        var (_, otherVolunteer) = await app.ActiveVolunteerAsync("wanda");
        var foreignVisit = await otherVolunteer.PostAsJsonAsync($"/volunteers/pairings/{id}/visits", new { visitedAt, durationMinutes = 30 }, Ct);
        await foreignVisit.AssertProblemAsync(HttpStatusCode.NotFound, PairingsApi.PairingNotFound);
        var (_, gridWorkerElsewhere) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-02");
        await (await gridWorkerElsewhere.GetAsync($"/volunteers/pairings/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, PairingsApi.PairingNotFound);
        var (_, gridWorker) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01");
        Assert.Equal(HttpStatusCode.OK, (await gridWorker.GetAsync($"/volunteers/pairings/{id}", Ct)).StatusCode);
        var seenByGridWorker = await gridWorker.GetFromJsonAsync<JsonElement>($"/volunteers/pairings/{id}/visits", Ct);
        Assert.Equal("帮忙打扫厨房，修好了水龙头", Assert.Single(seenByGridWorker.GetProperty("items").EnumerateArray()).GetProperty("note").GetString());
        var amendByGridWorker = await gridWorker.PutAsJsonAsync($"/volunteers/pairings/{id}/agreement", new { helps = new[] { "meals" }, visitEveryDays = 3 }, Ct);
        await amendByGridWorker.AssertProblemAsync(HttpStatusCode.Forbidden, PairingsApi.NotManager);
        Assert.Equal(1, await VisitCountAsync(id));
    }

    [Fact]
    public async Task BadInput_IsA400WithTheFieldsRules_AndCreatesNothing()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        var body = Body(volunteer, recipient);
        body["category"] = "orphan";
        body["agreement"] = new { helps = new[] { "meals", "teleportation" }, visitEveryDays = 0 };
        body["consent"] = new { givenBy = "guardian" };
        var before = await app.FingerprintAsync();

        var response = await admin.PostAsJsonAsync("/volunteers/pairings", body, Ct);

        // An unknown enum value fails binding before the rules are judged: the body is malformed.
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        body["category"] = "leftBehindChild";
        var problem = await (await admin.PostAsJsonAsync("/volunteers/pairings", body, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.Equal("unknown_kind", errors.GetProperty("agreement.helps")[0].GetString());
        Assert.Equal("out_of_range", errors.GetProperty("agreement.visitEveryDays")[0].GetString());
        Assert.Equal("required", errors.GetProperty("consent.giverName")[0].GetString());
        body = Body(volunteer, volunteer);
        var self = await (await admin.PostAsJsonAsync("/volunteers/pairings", body, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("same_as_volunteer", self.GetProperty("errors").GetProperty("recipientId")[0].GetString());
        // The building is judged against the recipient's cell, which Identity's record gives: this one is 抚顺's.
        body = Body(volunteer, recipient);
        body["building"] = "抚顺小区9号楼";
        var building = await (await admin.PostAsJsonAsync("/volunteers/pairings", body, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_building", building.GetProperty("errors").GetProperty("building")[0].GetString());
        Assert.Equal(before, await app.FingerprintAsync());
        var list = await (await admin.GetAsync("/volunteers/communities/wanda/pairings?status=paused&limit=500", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_status", list.GetProperty("errors").GetProperty("status")[0].GetString());
        Assert.Equal("out_of_range", list.GetProperty("errors").GetProperty("limit")[0].GetString());
    }

    [Fact]
    public async Task Refusals_NameTheirRule_AndChangeNothing()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "fushun");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var (pending, pendingClient) = await app.SignInAsync();
        (await pendingClient.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("待审核", "wanda"), Ct)).EnsureSuccessStatusCode();
        var recipient = await app.AssistedResidentAsync();
        var before = await app.FingerprintAsync();

        await (await otherAdmin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct))
            .AssertProblemAsync(HttpStatusCode.Forbidden, PairingsApi.OutOfScope);
        await (await admin.PostAsJsonAsync("/volunteers/pairings", Body(Guid.CreateVersion7(), recipient), Ct))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, PairingsApi.VolunteerUnknown);
        await (await admin.PostAsJsonAsync("/volunteers/pairings", Body(pending, recipient), Ct))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, PairingsApi.VolunteerNotActive);
        await (await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, Guid.CreateVersion7()), Ct))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, PairingsApi.RecipientUnknown);
        await (await otherAdmin.GetAsync("/volunteers/communities/wanda/pairings", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, PairingsApi.OutOfScope);
        Assert.Equal(before, await app.FingerprintAsync());

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct)).StatusCode);
        var paired = await app.FingerprintAsync();
        await (await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, PairingsApi.RecipientAlreadyPaired);
        Assert.Equal(paired, await app.FingerprintAsync());
        Assert.Equal(1, await PairingCountAsync(recipient));
    }

    [Fact]
    public async Task AdminsPairingOneRecipientAtOnce_ExactlyOneWins()
    {
        var recipient = await app.AssistedResidentAsync();
        var attempts = new List<(HttpClient Admin, Guid Volunteer)>();
        for (var i = 0; i < 5; i++)
        {
            attempts.Add(((await app.SignInAsAsync(Roles.CommunityAdmin, "wanda")).Client, (await app.ActiveVolunteerAsync("wanda")).Id));
        }

        var responses = await Task.WhenAll(attempts.Select(a => a.Admin.PostAsJsonAsync("/volunteers/pairings", Body(a.Volunteer, recipient), Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await lost.AssertProblemAsync(HttpStatusCode.Conflict, PairingsApi.RecipientAlreadyPaired);
        }

        Assert.Equal(1, await PairingCountAsync(recipient));
    }

    [Fact]
    public async Task Visits_OutsideTheirRules_AreRefused_AndCountNothing()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, volunteerClient) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync("wanda", "wanda-01", "留守儿童的奶奶");
        var id = await app.PairAsync(admin, volunteer, recipient);
        var url = $"/volunteers/pairings/{id}/visits";

        var future = await (await volunteerClient.PostAsJsonAsync(url, new { visitedAt = DateTimeOffset.UtcNow.AddHours(2), durationMinutes = 30 }, Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("in_future", future.GetProperty("errors").GetProperty("visitedAt")[0].GetString());
        var before = await (await volunteerClient.PostAsJsonAsync(url, new { visitedAt = DateTimeOffset.UtcNow.AddDays(-2), durationMinutes = 2, helps = new[] { "flying" } }, Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("before_pairing", before.GetProperty("errors").GetProperty("visitedAt")[0].GetString());
        Assert.Equal("out_of_range", before.GetProperty("errors").GetProperty("durationMinutes")[0].GetString());
        Assert.Equal("unknown_kind", before.GetProperty("errors").GetProperty("helps")[0].GetString());
        // The cell's grid worker sees the pairing, but only its volunteer logs visits (and the grid worker holds no volunteer role).
        var (_, gridWorker) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01");
        Assert.Equal(HttpStatusCode.OK, (await gridWorker.GetAsync($"/volunteers/pairings/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gridWorker.PostAsJsonAsync(url, new { visitedAt = DateTimeOffset.UtcNow, durationMinutes = 30 }, Ct)).StatusCode);

        Assert.Equal(0, await VisitCountAsync(id));
    }

    private async Task<int> PairingCountAsync(Guid recipient)
    {
        await using var db = app.CreateDbContext();
        return await db.Pairings.CountAsync(p => p.RecipientId == recipient, Ct);
    }

    private async Task<int> VisitCountAsync(Guid pairing)
    {
        await using var db = app.CreateDbContext();
        return await db.PairingVisits.CountAsync(v => v.PairingId == pairing, Ct);
    }
}
