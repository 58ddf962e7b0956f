using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Alliance.Volunteers.Hours;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>
/// The certified hours ledger, fed by real events through the broker and the inbox, each counted once;
/// honour hours, totals and the ledger's pages and export in HoursTests.Ledger.cs (one class, one host).
/// </summary>
public sealed partial class HoursTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServiceHoursConfirmed_PublishedTwiceWithOneEventId_CountsOnce()
    {
        var (volunteer, client) = await RegisterAsync();
        var confirmed = Activity(volunteer, 2.5m, new DateOnly(2026, 10, 18));

        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        await app.Identity.PublishAsync(confirmed, confirmed.EventId);

        // Its inbox row commits with the entry: after it, the second delivery can only be refused.
        await app.HandledAsync(confirmed.EventId);
        var entry = Assert.Single(await EntriesAsync(volunteer));
        Assert.Equal(2.5m, entry.Hours);
        Assert.Equal(HoursEntryKind.Activity, entry.Kind);
        Assert.Equal(confirmed.ActivityId, entry.SourceId);
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);
        Assert.Equal(2.5m, totals.GetProperty("hours").GetDecimal());
    }

    [Fact]
    public async Task TheSameSource_UnderAnotherEventId_StillCountsOnce()
    {
        var (volunteer, _) = await RegisterAsync();
        var first = Activity(volunteer, 3m, new DateOnly(2026, 10, 19));
        var again = first with { EventId = Guid.CreateVersion7(), Hours = 4m };

        await app.Identity.PublishAsync(first, first.EventId);
        await WaitForEntriesAsync(volunteer, 1);
        await app.Identity.PublishAsync(again, again.EventId);
        await app.HandledAsync(again.EventId);

        Assert.Equal(3m, Assert.Single(await EntriesAsync(volunteer)).Hours);
    }

    [Fact]
    public async Task NeedConfirmed_CreditsEachHelperOnce_AndAMerchantsClaimRecordsNothing()
    {
        var (helper, _) = await RegisterAsync();
        var (other, _) = await RegisterAsync();
        var need = Need(ClaimantKind.Team, [new(helper, 1.5m, 0.5m), new(other, 2m, 0m)]);
        var merchant = Need(ClaimantKind.Merchant, []) with { ClaimantId = Guid.CreateVersion7() };

        await app.Identity.PublishAsync(merchant, merchant.EventId);
        await app.Identity.PublishAsync(need, need.EventId);
        await app.Identity.PublishAsync(need, need.EventId);

        await app.HandledAsync(merchant.EventId, need.EventId);
        var entry = Assert.Single(await EntriesAsync(helper));
        Assert.Equal((need.NeedId, 1.5m, 0.5m, HoursEntryKind.Need), (entry.SourceId, entry.Hours, entry.NightHours, entry.Kind));
        Assert.Single(await EntriesAsync(other));
        await using var db = app.CreateDbContext();
        Assert.False(await db.HoursEntries.AnyAsync(e => e.SourceId == merchant.NeedId, Ct));
    }

    [Fact]
    public async Task ServiceHoursAdjusted_IsANewEntry_KeyedByItsOwnId_AndTheTotalFollows()
    {
        var (volunteer, client) = await RegisterAsync();
        var confirmed = Activity(volunteer, 4m, new DateOnly(2026, 9, 1));
        var adjusted = new ServiceHoursAdjusted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), confirmed.ActivityId, volunteer, -1.5m, "活动提前结束");

        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        await app.Identity.PublishAsync(adjusted, adjusted.EventId);
        await app.Identity.PublishAsync(adjusted, adjusted.EventId);

        await app.HandledAsync(confirmed.EventId, adjusted.EventId);
        var entries = await EntriesAsync(volunteer);
        Assert.Equal(2, entries.Count);
        var correction = Assert.Single(entries, e => e.Kind == HoursEntryKind.Adjustment);
        Assert.Equal((adjusted.AdjustmentId, confirmed.ActivityId, -1.5m), (correction.SourceId, correction.AdjustsSourceId, correction.Hours));
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);
        Assert.Equal(2.5m, totals.GetProperty("hours").GetDecimal());
    }

    [Fact]
    public async Task PointsCreditReversed_TakesTheHoursOff_AsAnAdjustmentKeyedByTheReversal_Once()
    {
        var (volunteer, client) = await RegisterAsync();
        var confirmed = Activity(volunteer, 6m, new DateOnly(2026, 9, 5));
        var kept = Activity(volunteer, 2m, new DateOnly(2026, 9, 6));
        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        await app.Identity.PublishAsync(kept, kept.EventId);
        await WaitForEntriesAsync(volunteer, 2);
        var reversed = new PointsCreditReversed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), confirmed.ActivityId, volunteer, 6m);

        // Delivered twice, then once more under another event id: the reversal's id keys the entry.
        var again = reversed with { EventId = Guid.CreateVersion7() };
        await app.Identity.PublishAsync(reversed, reversed.EventId);
        await app.Identity.PublishAsync(reversed, reversed.EventId);
        await app.Identity.PublishAsync(again, again.EventId);

        await app.HandledAsync(reversed.EventId, again.EventId);
        var entries = await EntriesAsync(volunteer);
        Assert.Equal(3, entries.Count);
        var correction = Assert.Single(entries, e => e.Kind == HoursEntryKind.Adjustment);
        Assert.Equal((reversed.ReversalId, confirmed.ActivityId, -6m), (correction.SourceId, correction.AdjustsSourceId, correction.Hours));
        Assert.Contains(reversed.FlagId.ToString(), correction.Reason, StringComparison.Ordinal);
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);
        Assert.Equal(2m, totals.GetProperty("hours").GetDecimal());
    }

    private async Task<(Guid Id, HttpClient Client)> RegisterAsync(string communityId = "wanda")
    {
        var (id, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("邵凤华", communityId), Ct)).EnsureSuccessStatusCode();
        return (id, client);
    }

    private static ServiceHoursConfirmed Activity(Guid volunteer, decimal hours, DateOnly date) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), "wanda", volunteer, hours, date);

    private static NeedConfirmed Need(ClaimantKind claimant, IReadOnlyList<NeedHelper> helpers)
    {
        var now = DateTimeOffset.UtcNow;
        return new NeedConfirmed(
            Guid.CreateVersion7(), now, null, Guid.CreateVersion7(), Guid.CreateVersion7(), claimant, helpers.Count > 0 ? helpers[0].VolunteerId : Guid.CreateVersion7(),
            claimant == ClaimantKind.Team ? Guid.CreateVersion7() : null, "wanda", "wanda-01", "home_repair", "normal",
            now.AddHours(-5), now.AddHours(-4), now.AddHours(-1), now, NeedConfirmer.Resident, null, 5, helpers);
    }

    private async Task<List<HoursEntry>> EntriesAsync(Guid volunteer)
    {
        await using var db = app.CreateDbContext();
        return await db.HoursEntries.AsNoTracking().Where(e => e.VolunteerId == volunteer).ToListAsync(Ct);
    }

    private async Task WaitForEntriesAsync(Guid volunteer, int count) =>
        await Eventually.ReturnsAsync(() => EntriesAsync(volunteer), entries => entries.Count >= count, $"{count} hours entries");
}
