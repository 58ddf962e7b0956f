using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>A volunteer's copy of everything held, and erasure that keeps the hours anonymised.</summary>
public sealed class PersonalDataTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_HoldsTheWholeProfile_TheIdCardInFull_AndTheHours()
    {
        var idCard = VolunteerForms.NextIdCard();
        var (id, client) = await RegisterAsync(idCard);
        await ConfirmHoursAsync(id, 2m);

        var export = await client.GetFromJsonAsync<JsonElement>("/volunteers/me/export", Ct);

        Assert.Equal(id, export.GetProperty("id").GetGuid());
        Assert.Equal(idCard, export.GetProperty("idCardNumber").GetString());
        Assert.Equal("13912340000", export.GetProperty("emergencyContact").GetProperty("mobile").GetString());
        Assert.Equal(2m, Assert.Single(export.GetProperty("hours").EnumerateArray()).GetProperty("hours").GetDecimal());
    }

    [Fact]
    public async Task Erase_RemovesThePerson_KeepsTheHoursAnonymised_AndPublishesVolunteerErased()
    {
        var idCard = VolunteerForms.NextIdCard();
        var (id, client) = await RegisterAsync(idCard);
        var source = await ConfirmHoursAsync(id, 3.5m);

        var erased = await client.DeleteAsync("/volunteers/me", Ct);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await (await client.GetAsync("/volunteers/me", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == id, Ct));
        Assert.False(await db.HoursEntries.AnyAsync(e => e.VolunteerId == id, Ct));
        var kept = await db.HoursEntries.SingleAsync(e => e.SourceId == source, Ct);
        Assert.Equal((3.5m, "xintang-erasure"), (kept.Hours, kept.CommunityId));
        Assert.NotEqual(id, kept.VolunteerId);
        Assert.Equal("xintang", Assert.Single(await app.PublishedAsync<VolunteerErased>(e => e.VolunteerId == id)).CommunityId);
        // The keyed hash went with the profile: the number can be registered again.
        var (_, again) = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Created, (await again.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang", idCard), Ct)).StatusCode);
    }

    [Fact]
    public async Task HoursForAnErasedVolunteer_ArriveLate_AndAreBookedUnderNewAnonymousIds_NeverUnderTheirOwn()
    {
        var (id, client) = await RegisterAsync(VolunteerForms.NextIdCard());
        await ConfirmHoursAsync(id, 3.5m);
        // An adjustment waiting for a credit that has not come: the erasure writes it under the anonymous id.
        var held = new ServiceHoursAdjusted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), id, -0.5m, "提前离场", 2m);
        await app.Identity.PublishAsync(held, held.EventId);
        await app.HandledAsync(held.EventId);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/volunteers/me", Ct)).StatusCode);

        // After the erasure: an activity's hours, a need's, a correction of the activity and a reversal of the need, each twice.
        var activity = new ServiceHoursConfirmed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), "xintang", id, 2m, new DateOnly(2026, 10, 2));
        var need = Need(id, 1.5m);
        var adjusted = new ServiceHoursAdjusted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), activity.ActivityId, id, -1m, "核减", 2m);
        var reversed = new PointsCreditReversed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), need.NeedId, id, 1.5m);
        for (var copy = 0; copy < 2; copy++)
        {
            await app.Identity.PublishAsync(activity, activity.EventId);
            await app.Identity.PublishAsync(need, need.EventId);
            await app.Identity.PublishAsync(adjusted, adjusted.EventId);
            await app.Identity.PublishAsync(reversed, reversed.EventId);
        }

        await app.HandledAsync(activity.EventId, need.EventId, adjusted.EventId, reversed.EventId);
        await using var db = app.CreateDbContext();
        Assert.False(await db.HoursEntries.AnyAsync(e => e.VolunteerId == id, Ct));
        Assert.False(await db.PendingAdjustments.AnyAsync(p => p.VolunteerId == id, Ct));
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == id, Ct));
        Guid[] sources = [activity.ActivityId, need.NeedId, adjusted.AdjustmentId, reversed.ReversalId];
        var late = await db.HoursEntries.AsNoTracking().Where(e => sources.Contains(e.SourceId)).ToListAsync(Ct);
        // Each once, each under an id of its own; the sums still add up: 2 + 1.5 − 1 − 1.5.
        Assert.Equal(4, late.Count);
        Assert.Equal(4, late.Select(e => e.VolunteerId).Distinct().Count());
        Assert.Equal(1m, late.Sum(e => e.Hours));
        var earlier = await db.HoursEntries.AsNoTracking().SingleAsync(e => e.SourceId == held.AdjustmentId, Ct);
        Assert.Equal(-0.5m, earlier.Hours);
        Assert.DoesNotContain(earlier.VolunteerId, late.Select(e => e.VolunteerId));
        // The tombstone is a keyed hash: no row holds the id itself.
        var tombstones = await db.ErasedVolunteers.AsNoTracking().ToListAsync(Ct);
        Assert.NotEmpty(tombstones);
        Assert.DoesNotContain(tombstones, t => t.IdHash.AsSpan().IndexOf(id.ToByteArray()) >= 0);
    }

    [Fact]
    public async Task RegisteringAgain_AfterErasure_MakesTheirHoursTheirsAgain()
    {
        var (id, client) = await RegisterAsync(VolunteerForms.NextIdCard());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/volunteers/me", Ct)).StatusCode);
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang"), Ct)).EnsureSuccessStatusCode();

        await ConfirmHoursAsync(id, 1.5m);

        await using var db = app.CreateDbContext();
        Assert.Equal(1.5m, (await db.HoursEntries.SingleAsync(e => e.VolunteerId == id, Ct)).Hours);
    }

    [Fact]
    public async Task ExportAndErase_BeforeRegistering_Are404()
    {
        var (_, client) = await app.SignInAsync();

        await (await client.GetAsync("/volunteers/me/export", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
        await (await client.DeleteAsync("/volunteers/me", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    private async Task<(Guid Id, HttpClient Client)> RegisterAsync(string idCard)
    {
        var (id, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang", idCard), Ct)).EnsureSuccessStatusCode();
        return (id, client);
    }

    private static NeedConfirmed Need(Guid helper, decimal hours)
    {
        var now = DateTimeOffset.UtcNow;
        return new NeedConfirmed(
            Guid.CreateVersion7(), now, null, Guid.CreateVersion7(), Guid.CreateVersion7(), ClaimantKind.Volunteer, helper, null, "xintang", "xintang-01", "home_repair", "normal",
            now.AddHours(-5), now.AddHours(-4), now.AddHours(-1), now, NeedConfirmer.Resident, null, 5, [new(helper, hours, 0m)]);
    }

    /// <summary>Hours from an activity, recorded through the broker (its community marks the entry for the test).</summary>
    /// <summary>Books hours for the volunteer from an activity; returns the entry's source, which stays with it when anonymised.</summary>
    private async Task<Guid> ConfirmHoursAsync(Guid volunteer, decimal hours)
    {
        var confirmed = new ServiceHoursConfirmed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), "xintang-erasure", volunteer, hours, new DateOnly(2026, 10, 1));
        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        return await Eventually.ReturnsAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.HoursEntries.Where(e => e.VolunteerId == volunteer).Select(e => (Guid?)e.SourceId).FirstOrDefaultAsync(Ct);
        }, source => source is not null, "The volunteer's hours") ?? throw new InvalidOperationException("No hours booked.");
    }
}
