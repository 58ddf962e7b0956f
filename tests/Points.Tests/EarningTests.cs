using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.Points.Ledger;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>Confirmed service into points, by the rules of appsettings.json (10 a hour; rating 4 is ×1.1, 5 is ×1.2; urgent +20 %; night +5 a hour; 600 a month).</summary>
public sealed class EarningTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NeedConfirmed_DeliveredFiveTimes_ForANeedWithThreeHelpers_CreditsEachHelperOnce_ByTheRules()
    {
        var (first, firstClient) = await app.SignInAsync();
        var (second, third) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var need = Events.NeedConfirmed([new(first, 2m, 1m), new(second, 1.5m, 0m), new(third, 3m, 0m)], rating: 4, urgency: "urgent");
        var again = need with { EventId = Guid.CreateVersion7() };
        using var deliveries = new Deliveries(app.Host.Services);

        // Five deliveries of the one event, then a second event (its own id) for the same need.
        for (var i = 0; i < 5; i++)
        {
            await app.PublishAsync(need);
        }

        await app.PublishAsync(again);
        // Every copy dealt with: the ledger holds all they will ever credit.
        await deliveries.ConsumedAsync(need.EventId, 5);
        await deliveries.ConsumedAsync(again.EventId, 1);

        await using var db = app.CreateDbContext();
        var credits = await db.Ledger.AsNoTracking().Where(e => e.SourceId == need.NeedId).ToListAsync(Ct);
        Assert.Equal(3, credits.Count);
        // 2 h × 10 × 1.1 = 22, +20 % urgent = 26.4, + 1 night hour × 5 = 31.4 → 31; 1.5 h → 16.5 + 3.3 = 19.8 → 20; 3 h → 33 + 6.6 = 39.6 → 40.
        Assert.Equal(31, credits.Single(c => c.VolunteerId == first).Amount);
        Assert.Equal(20, credits.Single(c => c.VolunteerId == second).Amount);
        Assert.Equal(40, credits.Single(c => c.VolunteerId == third).Amount);
        Assert.All(credits, c => Assert.Equal((EntryKind.Credit, "need_confirmed", "wanda"), (c.Kind, c.Reason, c.CommunityId)));
        // Each helper is told once, whatever the deliveries: one PointsCredited per credit entry.
        var raised = await app.PublishedAsync<Alliance.Contracts.Points.PointsCredited>(e => e.SourceId == need.NeedId);
        Assert.Equal(credits.Select(c => (c.VolunteerId, c.Id)).Order(), raised.Select(e => (e.VolunteerId, e.EntryId)).Order());
        foreach (var helper in new[] { first, second, third })
        {
            await app.AssertRowEqualsLedgerAsync(helper);
        }

        // The volunteer sees the entry and why it is that size.
        var page = await firstClient.GetFromJsonAsync<JsonElement>($"/points/accounts/{first}/ledger", Ct);
        var entry = Assert.Single(page.GetProperty("items").EnumerateArray());
        var earning = entry.GetProperty("why").GetProperty("inputs").GetProperty("earning");
        Assert.Equal(1.1m, earning.GetProperty("qualityFactor").GetDecimal());
        Assert.Equal(4.4m, earning.GetProperty("urgentBonus").GetDecimal());
        Assert.Equal(5m, earning.GetProperty("nightBonus").GetDecimal());
        Assert.Equal(31, entry.GetProperty("availableAfter").GetInt64());
        Assert.Equal("credit", entry.GetProperty("kind").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task ATimersConfirmation_HasNoQualityFactor_AndAMerchantsClaimEarnsNothing()
    {
        var volunteer = Guid.CreateVersion7();
        var byTimer = Events.NeedConfirmed([new(volunteer, 2m, 0m)], by: NeedConfirmer.Timer);
        var merchants = Events.NeedConfirmed([], claimant: ClaimantKind.Merchant);

        await app.PublishAsync(merchants);
        await app.PublishAsync(byTimer);
        await app.WaitForEntriesAsync(byTimer.NeedId, 1);
        // The merchant's confirmation handled too: it has credited all it ever will.
        await app.HandledAsync(merchants.EventId);

        await using var db = app.CreateDbContext();
        Assert.Equal(20, (await db.Ledger.SingleAsync(e => e.SourceId == byTimer.NeedId, Ct)).Amount);
        Assert.False(await db.Ledger.AnyAsync(e => e.SourceId == merchants.NeedId, Ct));
    }

    [Fact]
    public async Task ServiceHoursAdjusted_AddsAnEntry_AtTheRateTheOriginalEarned()
    {
        var volunteer = Guid.CreateVersion7();
        // Confirmed in February 2029; the adjustment comes today and counts in its own month.
        var need = Events.NeedConfirmed([new(volunteer, 2m, 0m)], rating: 5, startedAt: new DateTimeOffset(2029, 2, 10, 2, 0, 0, TimeSpan.Zero));
        await app.PublishAsync(need);
        await app.WaitForEntriesAsync(need.NeedId, 1);
        var adjusted = new ServiceHoursAdjusted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), need.NeedId, volunteer, -1m, "争议后核减");
        using var deliveries = new Deliveries(app.Host.Services);

        await app.PublishAsync(adjusted);
        await app.PublishAsync(adjusted);
        // Both copies dealt with: the ledger holds all they will ever add.
        await deliveries.ConsumedAsync(adjusted.EventId, 2);

        await using var db = app.CreateDbContext();
        var credit = await db.Ledger.SingleAsync(e => e.SourceId == need.NeedId, Ct);
        var adjustment = await db.Ledger.SingleAsync(e => e.SourceId == adjusted.AdjustmentId, Ct);
        Assert.Equal(24, credit.Amount);
        Assert.Equal((EntryKind.Adjustment, -12L, credit.ServiceDate), (adjustment.Kind, adjustment.Amount, adjustment.ServiceDate));
        Assert.Equal((new DateOnly(2029, 2, 10), Shanghai.DateOf(adjusted.OccurredAt)), (credit.EarnedOn, adjustment.EarnedOn));
        Assert.Equal((2m, -1m, need.NeedId), (credit.Hours, adjustment.Hours, adjustment.AdjustsSourceId));
        Assert.Equal((12L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task EarnedPoints_Expire_OldestFirst_AsALedgerEntry()
    {
        var volunteer = Guid.CreateVersion7();
        var older = Events.Activity(volunteer, 5m, new DateOnly(2030, 5, 1));
        var newer = Events.Activity(volunteer, 3m, new DateOnly(2030, 5, 2));
        await app.PublishAsync(older);
        await app.WaitForEntriesAsync(older.ActivityId, 1);
        await app.PublishAsync(newer);
        await app.WaitForEntriesAsync(newer.ActivityId, 1);
        // 60 of the 80 are spent: all 50 of the older earning and 10 of the newer.
        await app.SpendAsync(volunteer, 60);

        List<string> earnings;
        await using (var db = app.CreateDbContext())
        {
            earnings = (await db.Ledger.Where(e => e.VolunteerId == volunteer && e.Kind == EntryKind.Credit).Select(e => e.Id).ToListAsync(Ct)).Select(id => id.ToString()).ToList();
            Assert.Equal(2, await db.Set<DueWorkItem>().CountAsync(d => d.Kind == Crediting.ExpiryKind && earnings.Contains(d.Key), Ct));
            await db.Set<DueWorkItem>().Where(d => d.Kind == Crediting.ExpiryKind && earnings.Contains(d.Key))
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);
        }

        await app.WaitUntilAsync(async db => !await db.Set<DueWorkItem>().AnyAsync(d => d.Kind == Crediting.ExpiryKind && earnings.Contains(d.Key)), "Both earnings expired");

        await using var check = app.CreateDbContext();
        var expiry = await check.Ledger.SingleAsync(e => e.VolunteerId == volunteer && e.Kind == EntryKind.Expiry, Ct);
        var newerCredit = await check.Ledger.SingleAsync(e => e.SourceId == newer.ActivityId, Ct);
        Assert.Equal((-20L, newerCredit.Id), (expiry.Amount, expiry.SourceId));
        Assert.Equal((0L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task GetEarning_AnswersNotifications_WithTheAmount_WhenItExpires_AndWhatIsLeftOfIt()
    {
        var volunteer = Guid.CreateVersion7();
        var older = Events.Activity(volunteer, 5m, new DateOnly(2030, 6, 1));
        var newer = Events.Activity(volunteer, 3m, new DateOnly(2030, 6, 2));
        await app.PublishAsync(older);
        await app.WaitForEntriesAsync(older.ActivityId, 1);
        await app.PublishAsync(newer);
        await app.WaitForEntriesAsync(newer.ActivityId, 1);
        // 60 of the 80 are spent, oldest first: nothing is left of the older earning, 20 of the newer.
        await app.SpendAsync(volunteer, 60);
        await using var db = app.CreateDbContext();
        var credits = await db.Ledger.Where(e => e.VolunteerId == volunteer && e.Kind == EntryKind.Credit).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(Ct);
        var newerExpiry = await db.Set<DueWorkItem>().Where(d => d.Kind == Crediting.ExpiryKind && d.Key == credits[1].ToString()).Select(d => d.DueAt).SingleAsync(Ct);
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new Contracts.Points.PointsService.PointsServiceClient(channel);
        var notifications = await app.AsServiceAsync("notifications");
        var merchants = await app.AsServiceAsync("merchants");

        var first = await grpc.GetEarningAsync(new Contracts.Points.GetEarningRequest { EntryId = credits[0].ToString() }, notifications, DateTime.UtcNow.AddSeconds(10), Ct);
        var second = await grpc.GetEarningAsync(new Contracts.Points.GetEarningRequest { EntryId = credits[1].ToString() }, notifications, DateTime.UtcNow.AddSeconds(10), Ct);
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => grpc.GetEarningAsync(
            new Contracts.Points.GetEarningRequest { EntryId = Guid.CreateVersion7().ToString() }, notifications, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => grpc.GetEarningAsync(
            new Contracts.Points.GetEarningRequest { EntryId = credits[0].ToString() }, merchants, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync);

        Assert.Equal((volunteer.ToString(), 50L, 0L), (first.VolunteerId, first.Amount, first.Left));
        Assert.Equal((30L, 20L, newerExpiry), (second.Amount, second.Left, second.ExpiresAt.ToDateTimeOffset()));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task VolunteerErased_KeepsTheLedgerWhole_UnderAnAnonymousId()
    {
        var (volunteer, _) = await app.SignInAsync();
        var (_, admin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var activity = Events.Activity(volunteer, 2m, new DateOnly(2030, 6, 1));
        await app.PublishAsync(activity);
        await app.WaitForEntriesAsync(activity.ActivityId, 1);
        // A flag on another credit of theirs (a timer's confirmation of 5 hours).
        var flagged = Events.NeedConfirmed([new(volunteer, 5m, 0m)], by: NeedConfirmer.Timer, took: TimeSpan.FromHours(5));
        await app.PublishAsync(flagged);
        await app.WaitForEntriesAsync(flagged.NeedId, 1);

        await app.PublishAsync(new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "wanda"));
        await app.WaitUntilAsync(async db => !await db.Ledger.AnyAsync(e => e.VolunteerId == volunteer), "The ledger under an anonymous id");

        await using var db = app.CreateDbContext();
        var entry = await db.Ledger.SingleAsync(e => e.SourceId == activity.ActivityId, Ct);
        Assert.NotEqual(volunteer, entry.VolunteerId);
        Assert.Equal((70L, 0L), await app.AssertRowEqualsLedgerAsync(entry.VolunteerId));
        var flag = await db.Flags.SingleAsync(f => f.SourceId == flagged.NeedId, Ct);
        Assert.Equal(entry.VolunteerId, flag.VolunteerId);
        Assert.DoesNotContain(volunteer.ToString(), flag.Key, StringComparison.Ordinal);
        var gone = await admin.GetAsync($"/points/accounts/{volunteer}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task TheRules_AreVisible_ToAnyoneSignedIn()
    {
        var (_, client) = await app.SignInAsync();

        var rules = await client.GetFromJsonAsync<JsonElement>("/points/rules", Ct);

        Assert.Equal(10m, rules.GetProperty("pointsPerHour").GetDecimal());
        Assert.Equal(1.2m, rules.GetProperty("qualityFactorByRating").GetProperty("5").GetDecimal());
        Assert.Equal(600, rules.GetProperty("monthlyCap").GetInt64());
        Assert.Equal(["urgent", "emergency"], rules.GetProperty("urgentLevels").EnumerateArray().Select(u => u.GetString()));
    }
}
