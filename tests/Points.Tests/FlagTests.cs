using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Points.Flags;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>The flags on activity credits, on needs the timer confirmed, and on brand-new requesters: each raised by its case, not by a normal one, and never blocking.</summary>
public sealed class FlagTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManyActivityCredits_ToOneVolunteer_InADay_FlagEachOneBeyondThree_ButNotThreeOrSpreadOut()
    {
        var (bursting, steady, spread) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var day = new DateOnly(2030, 9, 1);
        var burst = Enumerable.Range(0, 4).Select(i => Events.Activity(bursting, 1m, day.AddDays(-i), confirmedAt: start.AddMinutes(10 * i))).ToList();
        var three = Enumerable.Range(0, 3).Select(i => Events.Activity(steady, 1m, day, confirmedAt: start.AddMinutes(10 * i))).ToList();
        var weekly = Enumerable.Range(0, 4).Select(i => Events.Activity(spread, 1m, day, confirmedAt: start.AddHours(-25 * i))).ToList();

        foreach (var activity in burst.Concat(three).Concat(weekly))
        {
            await app.PublishAsync(activity);
            await app.WaitForEntriesAsync(activity.ActivityId, 1);
        }

        var flags = await FlagsOfAsync(bursting, steady, spread);
        var flag = Assert.Single(flags);
        Assert.Equal((FlagKind.ActivityBurst, burst[3].ActivityId, bursting, FlagStatus.Open), (flag.Kind, flag.SourceId, flag.VolunteerId, flag.Status));
        using var detail = JsonDocument.Parse(flag.Detail);
        Assert.Equal(4, detail.RootElement.GetProperty("creditsInWindow").GetInt32());
        // Flagged, and credited all the same.
        Assert.Equal((40L, 0L), await app.AssertRowEqualsLedgerAsync(bursting));
    }

    [Fact]
    public async Task HoursFarAboveTheTeamsUsual_AreFlagged_ButNotModestlyAbove_NorInATeamWithNoUsualYet()
    {
        var (team, newTeam) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var day = new DateOnly(2030, 10, 1);
        var usual = Enumerable.Range(0, 5)
            .Select(i => Events.Activity(Guid.CreateVersion7(), 2m, day, team, confirmedAt: DateTimeOffset.UtcNow.AddDays(-10 + i)))
            .Append(Events.Activity(Guid.CreateVersion7(), 2m, day, newTeam, confirmedAt: DateTimeOffset.UtcNow.AddDays(-3)))
            .ToList();
        foreach (var activity in usual)
        {
            await app.PublishAsync(activity);
            await app.WaitForEntriesAsync(activity.ActivityId, 1);
        }

        var (far, modest, fresh) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var farAbove = Events.Activity(far, 7m, day, team);
        var modestlyAbove = Events.Activity(modest, 5m, day, team);
        var inNewTeam = Events.Activity(fresh, 12m, day, newTeam);
        foreach (var activity in new[] { farAbove, modestlyAbove, inNewTeam })
        {
            await app.PublishAsync(activity);
            await app.WaitForEntriesAsync(activity.ActivityId, 1);
        }

        var flag = Assert.Single(await FlagsOfAsync(far, modest, fresh));
        Assert.Equal((FlagKind.AboveTeamUsual, farAbove.ActivityId, far, team), (flag.Kind, flag.SourceId, flag.VolunteerId, flag.TeamId));
        using var detail = JsonDocument.Parse(flag.Detail);
        Assert.Equal((2m, 5), (detail.RootElement.GetProperty("teamMedianHours").GetDecimal(), detail.RootElement.GetProperty("sample").GetInt32()));
    }

    [Fact]
    public async Task ANeedTheTimerConfirmed_WithManyHours_IsFlagged_ButNotWithFew_NorWhenSomeoneConfirmedIt()
    {
        var (many, few, vouched) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var byTimer = Events.NeedConfirmed([new(many, 4m, 0m)], by: NeedConfirmer.Timer);
        var fewHours = Events.NeedConfirmed([new(few, 3m, 0m)], by: NeedConfirmer.Timer);
        var byResident = Events.NeedConfirmed([new(vouched, 4m, 0m)], rating: 4);
        foreach (var need in new[] { byTimer, fewHours, byResident })
        {
            await app.PublishAsync(need);
            await app.WaitForEntriesAsync(need.NeedId, 1);
        }

        var flag = Assert.Single(await FlagsOfAsync(many, few, vouched));
        Assert.Equal((FlagKind.TimerManyHours, byTimer.NeedId, byTimer.NeedId, many), (flag.Kind, flag.SourceId, flag.NeedId, flag.VolunteerId));
        Assert.Equal((40L, 0L), await app.AssertRowEqualsLedgerAsync(many));
    }

    [Fact]
    public async Task ANeedOfABrandNewRequester_IsFlagged_ButNotOfAnOldOne_NorOfAnAccountPointsNeverHeardOf()
    {
        // Accounts made at the real Identity: Points hears of them from AccountCreated.
        var (newcomer, _) = await app.SignInAsync();
        var (longstanding, _) = await app.SignInAsync();
        var assisted = await app.Identity.AssistedResidentAsync();
        await app.WaitUntilAsync(async db => await db.KnownAccounts.CountAsync(a => a.AccountId == newcomer || a.AccountId == longstanding || a.AccountId == assisted) == 3, "Points knows the three accounts");
        // The needs were claimed 7 hours ago: the newcomer and the assisted resident got their accounts a day or two before, the other two months before.
        await StoredTimes.MoveBackAsync(app.DatabaseConnectionString, "known_accounts", newcomer, TimeSpan.FromDays(1), "account_id");
        await StoredTimes.MoveBackAsync(app.DatabaseConnectionString, "known_accounts", assisted, TimeSpan.FromDays(2), "account_id");
        await StoredTimes.MoveBackAsync(app.DatabaseConnectionString, "known_accounts", longstanding, TimeSpan.FromDays(60), "account_id");
        var (a, b, c, d) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var ofNewcomer = Events.NeedConfirmed([new(a, 1m, 0m)], rating: 3, requester: newcomer);
        var ofAssisted = Events.NeedConfirmed([new(b, 1m, 0m)], rating: 3, requester: assisted, by: NeedConfirmer.GridWorker);
        var ofLongstanding = Events.NeedConfirmed([new(c, 1m, 0m)], rating: 3, requester: longstanding);
        var ofUnknown = Events.NeedConfirmed([new(d, 1m, 0m)], rating: 3);
        foreach (var need in new[] { ofNewcomer, ofAssisted, ofLongstanding, ofUnknown })
        {
            await app.PublishAsync(need);
            await app.WaitForEntriesAsync(need.NeedId, 1);
        }

        var flags = await FlagsOfAsync(a, b, c, d);
        Assert.Equal(2, flags.Count);
        var first = Assert.Single(flags, f => f.VolunteerId == a);
        Assert.Equal((FlagKind.NewRequester, ofNewcomer.NeedId, newcomer), (first.Kind, first.SourceId, first.RequesterId));
        using var detail = JsonDocument.Parse(first.Detail);
        Assert.False(detail.RootElement.GetProperty("assisted").GetBoolean());
        var second = Assert.Single(flags, f => f.VolunteerId == b);
        using var assistedDetail = JsonDocument.Parse(second.Detail);
        Assert.True(assistedDetail.RootElement.GetProperty("assisted").GetBoolean());
    }

    private async Task<List<Flag>> FlagsOfAsync(params Guid[] volunteers)
    {
        // The flags are raised in the credit's own transaction, so they are there once the entries are.
        await using var db = app.CreateDbContext();
        return await db.Flags.AsNoTracking().Where(f => volunteers.Contains(f.VolunteerId)).ToListAsync(Ct);
    }
}
