using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Volunteers.Pairings;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Alliance.Volunteers.Tests.PairingPeople;

namespace Alliance.Volunteers.Tests;

/// <summary>A pairing's later life: missed visits raised by the due-work sweeper, a new agreement, its end, erasure.</summary>
public sealed partial class PairingTests
{
    [Fact]
    public async Task AMissedCadence_RaisesPairingVisitOverdue_FromDueWork_AndAVisitClearsIt()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, volunteerClient) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        var id = await app.PairAsync(admin, volunteer, recipient);

        // Eight days pass for this pairing: its start, its due date and its pending check move back.
        await ShiftIntoThePastAsync(id, TimeSpan.FromDays(8));

        // The sweeper's handler publishes it in the transaction that takes the check.
        var raised = Assert.Single(await Eventually.ReturnsAsync(
            () => app.PublishedAsync<PairingVisitOverdue>(e => e.PairingId == id), events => events.Count > 0, "A PairingVisitOverdue"));
        Assert.Equal((volunteer, recipient, "wanda", "wanda-01", 1), (raised.VolunteerId, raised.RecipientId, raised.CommunityId, raised.GridId, raised.MissedCadences));
        Assert.Null(raised.LastVisitAt);
        var view = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/pairings/{id}", Ct);
        Assert.True(view.GetProperty("pairing").GetProperty("overdue").GetBoolean());
        var overdueList = await admin.GetFromJsonAsync<JsonElement>("/volunteers/communities/wanda/pairings?overdue=true&limit=100", Ct);
        Assert.Contains(overdueList.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        await using (var db = app.CreateDbContext())
        {
            var next = await db.Set<DueWorkItem>().SingleAsync(d => d.Key == id.ToString(), Ct);
            Assert.True(next.DueAt > DateTimeOffset.UtcNow, "The check came back one cadence later.");
        }

        var visited = DateTimeOffset.UtcNow.AddMinutes(-30);
        (await volunteerClient.PostAsJsonAsync($"/volunteers/pairings/{id}/visits", new { visitedAt = visited, durationMinutes = 45 }, Ct)).EnsureSuccessStatusCode();

        var after = (await admin.GetFromJsonAsync<JsonElement>($"/volunteers/pairings/{id}", Ct)).GetProperty("pairing");
        Assert.False(after.GetProperty("overdue").GetBoolean());
        Assert.Equal(0, after.GetProperty("missedCadences").GetInt32());
        Assert.Single(await app.PublishedAsync<PairingVisitOverdue>(e => e.PairingId == id));
    }

    [Fact]
    public async Task AnEndedPairing_RaisesNothing_TakesNoVisits_AndFreesTheRecipient()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, volunteerClient) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        var id = await app.PairAsync(admin, volunteer, recipient);

        await (await admin.PostAsJsonAsync($"/volunteers/pairings/{id}/ending", new { reason = "" }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var ending = await admin.PostAsJsonAsync($"/volunteers/pairings/{id}/ending", new { reason = "受助人随子女搬离本街道" }, Ct);
        Assert.Equal(HttpStatusCode.OK, ending.StatusCode);
        Assert.Equal("受助人随子女搬离本街道", Assert.Single(await app.PublishedAsync<PairingEnded>(e => e.PairingId == id)).Reason);
        await ShiftIntoThePastAsync(id, TimeSpan.FromDays(8));
        await WaitUntilNoCheckAsync(id);

        // The sweeper took the check: whatever it published is in the outbox, in that same transaction.
        Assert.Empty(await app.PublishedAsync<PairingVisitOverdue>(e => e.PairingId == id));
        var visit = await volunteerClient.PostAsJsonAsync($"/volunteers/pairings/{id}/visits", new { visitedAt = DateTimeOffset.UtcNow.AddDays(-1), durationMinutes = 30 }, Ct);
        await visit.AssertProblemAsync(HttpStatusCode.Conflict, PairingsApi.PairingEnded);
        await (await admin.PostAsJsonAsync($"/volunteers/pairings/{id}/ending", new { reason = "再次" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, PairingsApi.PairingEnded);
        Assert.Equal(0, await VisitCountAsync(id));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/volunteers/pairings", Body(volunteer, recipient), Ct)).StatusCode);
    }

    [Fact]
    public async Task AmendingTheAgreement_MovesTheDueDateAndThePendingCheck()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        var id = await app.PairAsync(admin, volunteer, recipient);

        var response = await admin.PutAsJsonAsync($"/volunteers/pairings/{id}/agreement",
            new { helps = new[] { "medical_help", "walking_help" }, otherServices = "陪同每月复诊", visitEveryDays = 3 }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pairing = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var started = pairing.GetProperty("startedAt").GetDateTimeOffset();
        Assert.Equal(started.AddDays(3), pairing.GetProperty("nextVisitDueAt").GetDateTimeOffset());
        Assert.Equal(["medical_help", "walking_help"], pairing.GetProperty("agreement").GetProperty("helps").EnumerateArray().Select(h => h.GetString()));
        await using var db = app.CreateDbContext();
        var check = await db.Set<DueWorkItem>().SingleAsync(d => d.Key == id.ToString(), Ct);
        Assert.Equal(started.AddDays(3).ToUnixTimeMilliseconds(), check.DueAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Erasure_EndsTheVolunteersPairings_AndKeepsTheVisitsUnnamed()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, volunteerClient) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync();
        var id = await app.PairAsync(admin, volunteer, recipient);
        (await volunteerClient.PostAsJsonAsync($"/volunteers/pairings/{id}/visits", new { visitedAt = DateTimeOffset.UtcNow, durationMinutes = 60 }, Ct)).EnsureSuccessStatusCode();
        var export = await volunteerClient.GetFromJsonAsync<JsonElement>("/volunteers/me/export", Ct);
        Assert.Equal(id, Assert.Single(export.GetProperty("pairings").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Single(export.GetProperty("visits").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await volunteerClient.DeleteAsync("/volunteers/me", Ct)).StatusCode);

        var endedEvent = Assert.Single(await app.PublishedAsync<PairingEnded>(e => e.PairingId == id));
        Assert.Equal((null, Pairing.VolunteerErasedReason), (endedEvent.VolunteerId, endedEvent.Reason));
        await using var db = app.CreateDbContext();
        var pairing = await db.Pairings.AsNoTracking().SingleAsync(p => p.Id == id, Ct);
        Assert.Equal((PairingStatus.Ended, (Guid?)null), (pairing.Status, pairing.VolunteerId));
        var visit = await db.PairingVisits.AsNoTracking().SingleAsync(v => v.PairingId == id, Ct);
        Assert.Null(visit.VolunteerId);
        Assert.Equal(60, visit.DurationMinutes);
    }

    /// <summary>Moves a pairing's clock back: its start, its due date and its pending overdue check, as if that much time had passed.</summary>
    private async Task ShiftIntoThePastAsync(Guid pairing, TimeSpan by)
    {
        await using var db = app.CreateDbContext();
        await db.Pairings.Where(p => p.Id == pairing).ExecuteUpdateAsync(
            p => p.SetProperty(x => x.NextVisitDueAt, x => x.NextVisitDueAt - by), Ct);
        await db.Database.ExecuteSqlAsync($"UPDATE pairings SET started_at = started_at - {by} WHERE id = {pairing}", Ct);
        await db.Set<DueWorkItem>().Where(d => d.Key == pairing.ToString()).ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, x => x.DueAt - by), Ct);
    }

    private Task WaitUntilNoCheckAsync(Guid pairing) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return !await db.Set<DueWorkItem>().AnyAsync(d => d.Key == pairing.ToString(), Ct);
        }, "The sweeper taking the ended pairing's check");
}
