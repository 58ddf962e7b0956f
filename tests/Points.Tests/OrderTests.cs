using System.Net;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Time;
using Alliance.Contracts.Volunteers;
using Alliance.Points.Accounts;
using Alliance.Points.Ledger;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>
/// Events in either order, and twice, end in one state (docs/decisions/0011-order-proof-consumers.md):
/// an hours adjustment before its credit, and credits for a volunteer who was erased first.
/// </summary>
public sealed class OrderTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATakeBack_BeforeOrAfterItsCredit_AndEachDeliveredTwice_EndsTheSame_AtTheCreditsRate_InFull()
    {
        // Rated 5: 12 points an hour, not the rules' 10; a fresh account, so a take-back clamped at the balance would take nothing.
        var inOrder = Guid.CreateVersion7();
        var firstNeed = Events.NeedConfirmed([new(inOrder, 3m, 0m)], rating: 5);
        var outOfOrder = Guid.CreateVersion7();
        var secondNeed = Events.NeedConfirmed([new(outOfOrder, 3m, 0m)], rating: 5);
        var firstTakeBack = TakeBack(firstNeed.NeedId, inOrder);
        var secondTakeBack = TakeBack(secondNeed.NeedId, outOfOrder);
        using var deliveries = new Deliveries(app.Host.Services);

        // Credit, then the take-back; each twice.
        await app.PublishAsync(firstNeed);
        await app.PublishAsync(firstNeed);
        await deliveries.ConsumedAsync(firstNeed.EventId, 2);
        await app.PublishAsync(firstTakeBack);
        await app.PublishAsync(firstTakeBack);
        await deliveries.ConsumedAsync(firstTakeBack.EventId, 2);

        // The take-back first: it is held, nothing posted yet; then the credit; each twice.
        await app.PublishAsync(secondTakeBack);
        await app.PublishAsync(secondTakeBack);
        await deliveries.ConsumedAsync(secondTakeBack.EventId, 2);
        await using (var db = app.CreateDbContext())
        {
            Assert.Empty(await db.Ledger.Where(e => e.VolunteerId == outOfOrder).ToListAsync(Ct));
            Assert.Equal(-1.5m, (await db.PendingAdjustments.SingleAsync(p => p.VolunteerId == outOfOrder, Ct)).HoursDelta);
        }

        await app.PublishAsync(secondNeed);
        await app.PublishAsync(secondNeed);
        await deliveries.ConsumedAsync(secondNeed.EventId, 2);

        var first = await EndStateAsync(inOrder, firstNeed.NeedId, firstTakeBack);
        var second = await EndStateAsync(outOfOrder, secondNeed.NeedId, secondTakeBack);
        // 3 h × 12 = 36 earned; 1.5 h × 12 = 18 taken back, in full: 18 left.
        Assert.Equal((36L, -18L, 18L), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ANoShowsHoursGivenOnDispute_HaveNoCreditToWaitFor_AndAreBookedAtOnce_Once()
    {
        var volunteer = Guid.CreateVersion7();
        var activity = Guid.CreateVersion7();
        // Teams says nothing stood before (a no-show): no ServiceHoursConfirmed was published and none will be.
        var given = new ServiceHoursAdjusted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), activity, volunteer, 2m, "签到记录显示到场", HoursBefore: 0m);
        var again = given with { EventId = Guid.CreateVersion7() };

        await app.PublishAsync(given);
        await app.PublishAsync(again);
        await app.HandledAsync(given.EventId, again.EventId);

        await using var db = app.CreateDbContext();
        var entry = await db.Ledger.SingleAsync(e => e.VolunteerId == volunteer, Ct);
        Assert.Equal((EntryKind.Adjustment, 20L, activity), (entry.Kind, entry.Amount, entry.AdjustsSourceId));
        Assert.False(await db.PendingAdjustments.AnyAsync(p => p.VolunteerId == volunteer, Ct));
        Assert.Equal((20L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task CreditsForAnErasedVolunteer_ArriveLate_AndAreBookedUnderNewAnonymousIds_NeverUnderTheirOwn()
    {
        var (volunteer, _) = await app.SignInAsync();
        var (_, admin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var registered = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddDays(-30), null, volunteer, "wanda");
        var earned = Events.Activity(volunteer, 2m, new DateOnly(2030, 7, 1));
        await app.PublishAsync(earned);
        await app.WaitForEntriesAsync(earned.ActivityId, 1);
        var erasure = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "wanda");
        await app.PublishAsync(erasure);
        await app.HandledAsync(erasure.EventId);

        // After the erasure: a need's credit, an activity's, an adjustment of it, and the registration from before, each twice.
        var need = Events.NeedConfirmed([new(volunteer, 1m, 0m)], rating: 3);
        var activity = Events.Activity(volunteer, 3m, new DateOnly(2030, 7, 2));
        var adjusted = TakeBack(activity.ActivityId, volunteer, hoursBefore: 3m);
        using var deliveries = new Deliveries(app.Host.Services);
        foreach (var late in new Contracts.Events.IIntegrationEvent[] { need, activity, adjusted, registered })
        {
            await Publish(late);
            await Publish(late);
        }

        await deliveries.ConsumedAsync(need.EventId, 2);
        await deliveries.ConsumedAsync(activity.EventId, 2);
        await deliveries.ConsumedAsync(adjusted.EventId, 2);
        await deliveries.ConsumedAsync(registered.EventId, 2);

        await using var db = app.CreateDbContext();
        // The real id has nothing: no account, no entry, no pending adjustment; the API does not know it.
        Assert.False(await db.Accounts.AnyAsync(a => a.VolunteerId == volunteer, Ct));
        Assert.False(await db.Ledger.AnyAsync(e => e.VolunteerId == volunteer, Ct));
        Assert.False(await db.PendingAdjustments.AnyAsync(p => p.VolunteerId == volunteer, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/points/accounts/{volunteer}", Ct)).StatusCode);
        // Each late earning is under an anonymous id of its own, none the erased ledger's, and each account is its ledger's sum.
        var before = (await db.Ledger.SingleAsync(e => e.SourceId == earned.ActivityId, Ct)).VolunteerId;
        var needCredit = await db.Ledger.SingleAsync(e => e.SourceId == need.NeedId, Ct);
        var activityCredit = await db.Ledger.SingleAsync(e => e.SourceId == activity.ActivityId, Ct);
        var adjustment = await db.Ledger.SingleAsync(e => e.SourceId == adjusted.AdjustmentId, Ct);
        Guid[] anonymous = [before, needCredit.VolunteerId, activityCredit.VolunteerId, adjustment.VolunteerId];
        Assert.Equal(4, anonymous.Distinct().Count());
        Assert.DoesNotContain(volunteer, anonymous);
        Assert.Equal((10L, 30L), (needCredit.Amount, activityCredit.Amount));
        // The activity before the erasure was told of; the late credits under anonymous ids raise nothing.
        Assert.Single(await app.PublishedAsync<Contracts.Points.PointsCredited>(e => e.SourceId == earned.ActivityId));
        Assert.Empty(await app.PublishedAsync<Contracts.Points.PointsCredited>(e => e.SourceId == need.NeedId || e.SourceId == activity.ActivityId));
        // The take-back found no credit under its new id and nothing to take: recorded, with nothing taken.
        Assert.Equal((EntryKind.Adjustment, 0L, -1.5m), (adjustment.Kind, adjustment.Amount, adjustment.Hours));
        foreach (var id in anonymous)
        {
            await app.AssertRowEqualsLedgerAsync(id);
        }

        // The tombstone is the keyed hash, not the id.
        var key = app.Host.Services.GetRequiredService<ErasureKey>();
        var tombstone = await db.ErasedVolunteers.SingleAsync(e => e.IdHash == key.Hash(volunteer), Ct);
        Assert.NotEqual(volunteer.ToByteArray(), tombstone.IdHash);
    }

    [Fact]
    public async Task ARegistrationAfterTheErasure_LiftsTheTombstone_AndTheirOwnIdEarnsAgain()
    {
        var volunteer = Guid.CreateVersion7();
        var erasure = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-5), null, volunteer, "wanda");
        await app.PublishAsync(erasure);
        await app.HandledAsync(erasure.EventId);
        var back = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "wanda");
        await app.PublishAsync(back);
        await app.HandledAsync(back.EventId);

        var activity = Events.Activity(volunteer, 1m, new DateOnly(2030, 7, 3));
        await app.PublishAsync(activity);
        await app.WaitForEntriesAsync(activity.ActivityId, 1);

        await using var db = app.CreateDbContext();
        Assert.Equal(volunteer, (await db.Ledger.SingleAsync(e => e.SourceId == activity.ActivityId, Ct)).VolunteerId);
        Assert.Equal((10L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    private static ServiceHoursAdjusted TakeBack(Guid source, Guid volunteer, decimal hoursBefore = 3m) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), source, volunteer, -1.5m, "争议后核减", hoursBefore);

    private Task Publish(Contracts.Events.IIntegrationEvent message) => message switch
    {
        NeedConfirmed m => app.PublishAsync(m),
        ServiceHoursConfirmed m => app.PublishAsync(m),
        ServiceHoursAdjusted m => app.PublishAsync(m),
        VolunteerRegistered m => app.PublishAsync(m),
        _ => throw new ArgumentOutOfRangeException(nameof(message)),
    };

    /// <summary>The credit's and the adjustment's points and the balance, after checking the rest of the state agrees.</summary>
    private async Task<(long Credit, long Adjustment, long Available)> EndStateAsync(Guid volunteer, Guid need, ServiceHoursAdjusted adjusted)
    {
        await using var db = app.CreateDbContext();
        var entries = (await db.Ledger.AsNoTracking().Where(e => e.VolunteerId == volunteer).ToListAsync(Ct)).OrderBy(e => e.Kind).ToList();
        Assert.Equal(2, entries.Count);
        var (credit, adjustment) = (entries[0], entries[1]);
        Assert.Equal((EntryKind.Credit, need, 3m), (credit.Kind, credit.SourceId, credit.Hours));
        Assert.Equal((EntryKind.Adjustment, adjusted.AdjustmentId, need, -1.5m), (adjustment.Kind, adjustment.SourceId, adjustment.AdjustsSourceId, adjustment.Hours));
        Assert.Equal((credit.ServiceDate, Shanghai.DateOf(adjusted.OccurredAt)), (adjustment.ServiceDate, adjustment.EarnedOn));
        Assert.False(await db.PendingAdjustments.AnyAsync(p => p.VolunteerId == volunteer, Ct));
        var (available, reserved) = await app.AssertRowEqualsLedgerAsync(volunteer);
        Assert.Equal(0L, reserved);
        return (credit.Amount, adjustment.Amount, available);
    }
}
