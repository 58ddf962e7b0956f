using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Alliance.Volunteers.Hours;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Adjustments in either order with their credit, and twice, end in one ledger (docs/decisions/0011-order-proof-consumers.md).</summary>
public sealed partial class HoursTests
{
    [Fact]
    public async Task AnAdjustment_BeforeOrAfterItsCredit_AndEachDeliveredTwice_EndsInOneLedger()
    {
        var (inOrder, inOrderClient) = await RegisterAsync();
        var (outOfOrder, outOfOrderClient) = await RegisterAsync();
        var firstCredit = Activity(inOrder, 4m, new DateOnly(2026, 8, 1));
        var secondCredit = Activity(outOfOrder, 4m, new DateOnly(2026, 8, 1));
        var firstAdjustment = Adjusted(firstCredit, -1.5m);
        var secondAdjustment = Adjusted(secondCredit, -1.5m);

        // Credit, then the adjustment; each twice.
        await app.Identity.PublishAsync(firstCredit, firstCredit.EventId);
        await app.Identity.PublishAsync(firstCredit, firstCredit.EventId);
        await app.HandledAsync(firstCredit.EventId);
        await app.Identity.PublishAsync(firstAdjustment, firstAdjustment.EventId);
        await app.Identity.PublishAsync(firstAdjustment, firstAdjustment.EventId);
        await app.HandledAsync(firstAdjustment.EventId);

        // The adjustment first: held, the ledger shows nothing of it; then the credit; each twice.
        await app.Identity.PublishAsync(secondAdjustment, secondAdjustment.EventId);
        await app.Identity.PublishAsync(secondAdjustment, secondAdjustment.EventId);
        await app.HandledAsync(secondAdjustment.EventId);
        Assert.Empty(await EntriesAsync(outOfOrder));
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(-1.5m, (await db.PendingAdjustments.SingleAsync(p => p.VolunteerId == outOfOrder, Ct)).Hours);
        }

        await app.Identity.PublishAsync(secondCredit, secondCredit.EventId);
        await app.Identity.PublishAsync(secondCredit, secondCredit.EventId);
        await app.HandledAsync(secondCredit.EventId);

        var first = await EndStateAsync(inOrder, inOrderClient, firstCredit, firstAdjustment);
        var second = await EndStateAsync(outOfOrder, outOfOrderClient, secondCredit, secondAdjustment);
        Assert.Equal((4m, -1.5m, 2.5m), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task APointsReversal_BeforeTheCredit_WaitsForIt_AndTakesItsHoursOffOnce()
    {
        var (volunteer, client) = await RegisterAsync();
        var confirmed = Activity(volunteer, 3m, new DateOnly(2026, 8, 2));
        var reversed = new PointsCreditReversed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), confirmed.ActivityId, volunteer, 3m);

        await app.Identity.PublishAsync(reversed, reversed.EventId);
        await app.HandledAsync(reversed.EventId);
        Assert.Empty(await EntriesAsync(volunteer));
        // The credit, then the reversal again under another event id: its reversal id keys it.
        var again = reversed with { EventId = Guid.CreateVersion7() };
        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        await app.HandledAsync(confirmed.EventId);
        await app.Identity.PublishAsync(again, again.EventId);
        await app.HandledAsync(again.EventId);

        var entries = await EntriesAsync(volunteer);
        Assert.Equal(2, entries.Count);
        Assert.Equal(-3m, Assert.Single(entries, e => e.Kind == HoursEntryKind.Adjustment).Hours);
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);
        Assert.Equal(0m, totals.GetProperty("hours").GetDecimal());
    }

    [Fact]
    public async Task ANoShowsHoursGivenOnDispute_HaveNoCreditToWaitFor_AndAreRecordedAtOnce()
    {
        var (volunteer, _) = await RegisterAsync();
        var given = new ServiceHoursAdjusted(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), volunteer, 2m, "签到记录显示到场", HoursBefore: 0m);

        await app.Identity.PublishAsync(given, given.EventId);
        await app.HandledAsync(given.EventId);

        var entry = Assert.Single(await EntriesAsync(volunteer));
        Assert.Equal((HoursEntryKind.Adjustment, 2m, given.SourceId), (entry.Kind, entry.Hours, entry.AdjustsSourceId));
        await using var db = app.CreateDbContext();
        Assert.False(await db.PendingAdjustments.AnyAsync(p => p.VolunteerId == volunteer, Ct));
    }

    private static ServiceHoursAdjusted Adjusted(ServiceHoursConfirmed credit, decimal delta) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), credit.ActivityId, credit.VolunteerId, delta, "活动提前结束", credit.Hours);

    /// <summary>The credit's and the adjustment's hours and the total, after checking the rest of the ledger agrees.</summary>
    private async Task<(decimal Credit, decimal Adjustment, decimal Total)> EndStateAsync(
        Guid volunteer, HttpClient client, ServiceHoursConfirmed credit, ServiceHoursAdjusted adjusted)
    {
        var entries = (await EntriesAsync(volunteer)).OrderBy(e => e.Kind).ToList();
        Assert.Equal(2, entries.Count);
        var (hours, correction) = (entries[0], entries[1]);
        Assert.Equal((HoursEntryKind.Activity, credit.ActivityId, credit.ActivityDate), (hours.Kind, hours.SourceId, hours.ServiceDate));
        Assert.Equal((HoursEntryKind.Adjustment, adjusted.AdjustmentId, credit.ActivityId), (correction.Kind, correction.SourceId, correction.AdjustsSourceId));
        Assert.Equal((Alliance.Contracts.Time.Shanghai.DateOf(adjusted.OccurredAt), adjusted.Reason), (correction.ServiceDate, correction.Reason));
        await using var db = app.CreateDbContext();
        Assert.False(await db.PendingAdjustments.AnyAsync(p => p.VolunteerId == volunteer, Ct));
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);
        return (hours.Hours, correction.Hours, totals.GetProperty("hours").GetDecimal());
    }
}
