using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        await ConfirmHoursAsync(id, 3.5m);

        var erased = await client.DeleteAsync("/volunteers/me", Ct);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await (await client.GetAsync("/volunteers/me", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == id, Ct));
        Assert.False(await db.HoursEntries.AnyAsync(e => e.VolunteerId == id, Ct));
        Assert.Equal(3.5m, (await db.HoursEntries.SingleAsync(e => e.Hours == 3.5m && e.CommunityId == "xintang-erasure", Ct)).Hours);
        Assert.Equal("xintang", Assert.Single(await app.PublishedAsync<VolunteerErased>(e => e.VolunteerId == id)).CommunityId);
        // The keyed hash went with the profile: the number can be registered again.
        var (_, again) = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Created, (await again.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang", idCard), Ct)).StatusCode);
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

    /// <summary>Hours from an activity, recorded through the broker (its community marks the entry for the test).</summary>
    private async Task ConfirmHoursAsync(Guid volunteer, decimal hours)
    {
        var confirmed = new ServiceHoursConfirmed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), "xintang-erasure", volunteer, hours, new DateOnly(2026, 10, 1));
        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.HoursEntries.AnyAsync(e => e.VolunteerId == volunteer, Ct);
        }, "The volunteer's hours");
    }
}
