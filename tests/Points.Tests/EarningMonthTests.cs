using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Time;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>
/// Points count in the Asia/Shanghai month they were earned (the confirmation's), never the month of
/// service a confirmer could back-date: for the monthly cap (600) and for the leaderboards.
/// </summary>
public sealed class EarningMonthTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheMonthlyCap_CountsByTheMonthOfConfirmation_CutsACredit_AndTheEntrySaysBy_HowMuch()
    {
        var volunteer = Guid.CreateVersion7();
        var march = new DateOnly(2030, 3, 10);
        var big = Events.Activity(volunteer, 40m, march, confirmedAt: Events.NoonIn(march.AddDays(2)));
        // An activity of February, confirmed in March: it counts in March.
        var more = Events.Activity(volunteer, 30m, new DateOnly(2030, 2, 20), confirmedAt: Events.NoonIn(march.AddDays(5)));
        // Confirmed at 00:30 on 1 April in Shanghai (16:30 UTC on 31 March): April's.
        var nextMonth = Events.Activity(volunteer, 1m, new DateOnly(2030, 3, 31), confirmedAt: new DateTimeOffset(2030, 3, 31, 16, 30, 0, TimeSpan.Zero));

        await app.PublishAsync(big);
        await app.WaitForEntriesAsync(big.ActivityId, 1);
        await app.PublishAsync(more);
        await app.PublishAsync(nextMonth);
        await app.WaitForEntriesAsync(more.ActivityId, 1);
        await app.WaitForEntriesAsync(nextMonth.ActivityId, 1);

        await using var db = app.CreateDbContext();
        Assert.Equal(400, (await db.Ledger.SingleAsync(e => e.SourceId == big.ActivityId, Ct)).Amount);
        var capped = await db.Ledger.SingleAsync(e => e.SourceId == more.ActivityId, Ct);
        Assert.Equal((200L, new DateOnly(2030, 2, 20), new DateOnly(2030, 3, 15), 30m), (capped.Amount, capped.ServiceDate, capped.EarnedOn, capped.Hours));
        using var why = JsonDocument.Parse(capped.Why);
        Assert.Equal(100, why.RootElement.GetProperty("cappedBy").GetInt64());
        Assert.Equal("2030-03", why.RootElement.GetProperty("earnedIn").GetString());
        var april = await db.Ledger.SingleAsync(e => e.SourceId == nextMonth.ActivityId, Ct);
        Assert.Equal((10L, new DateOnly(2030, 4, 1)), (april.Amount, april.EarnedOn));
        Assert.Equal((610L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task BackDatedActivities_CountInTheMonthOfTheirConfirmation_SoTheyGainNothingBeyondTheCap()
    {
        // The attack of issue 20: activities "held" months ago, all confirmed today, 60 hours each.
        var volunteer = Guid.CreateVersion7();
        var community = $"c{Guid.CreateVersion7():N}";
        var today = Shanghai.DateOf(DateTimeOffset.UtcNow);
        var threeMonthsAgo = Events.Activity(volunteer, 60m, today.AddMonths(-3), community: community);
        var twoMonthsAgo = Events.Activity(volunteer, 60m, today.AddMonths(-2), community: community);

        await app.PublishAsync(threeMonthsAgo);
        await app.WaitForEntriesAsync(threeMonthsAgo.ActivityId, 1);
        await app.PublishAsync(twoMonthsAgo);
        await app.WaitForEntriesAsync(twoMonthsAgo.ActivityId, 1);

        await using var db = app.CreateDbContext();
        var first = await db.Ledger.SingleAsync(e => e.SourceId == threeMonthsAgo.ActivityId, Ct);
        var second = await db.Ledger.SingleAsync(e => e.SourceId == twoMonthsAgo.ActivityId, Ct);
        Assert.Equal((600L, today.AddMonths(-3), Shanghai.DateOf(threeMonthsAgo.OccurredAt)), (first.Amount, first.ServiceDate, first.EarnedOn));
        Assert.Equal((0L, today.AddMonths(-2), Shanghai.DateOf(twoMonthsAgo.OccurredAt)), (second.Amount, second.ServiceDate, second.EarnedOn));
        Assert.Equal((600L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));

        // The boards count them in this month too, never in the months they claim.
        var (_, client) = await app.SignInAsync();
        var then = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period={today.AddMonths(-3):yyyy-MM}&communityId={community}", Ct);
        var now = await client.GetFromJsonAsync<JsonElement>($"/points/leaderboards/volunteers?period={Shanghai.DateOf(twoMonthsAgo.OccurredAt):yyyy-MM}&communityId={community}", Ct);
        Assert.Empty(then.GetProperty("standings").EnumerateArray());
        var standing = Assert.Single(now.GetProperty("standings").EnumerateArray());
        Assert.Equal((volunteer, 600L), (standing.GetProperty("id").GetGuid(), standing.GetProperty("points").GetInt64()));
    }
}
