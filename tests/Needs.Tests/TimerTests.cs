using Alliance.Contracts.Needs;
using Alliance.Messaging.DueWork;
using Alliance.Needs.Board;
using Alliance.Needs.Timers;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>The timers of a need's life as due work: each test moves its row into the past and the sweeper takes it.</summary>
public sealed class TimerTests(NeedsApp app, Containers containers) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClaimNotAcceptedInTime_IsEscalatedOnce_AndStaysClaimed()
    {
        await using var escalated = await EventRecorder.StartAsync<NeedClaimEscalated>(containers);
        var (need, _) = await app.PostNeedAsync();
        var (volunteerId, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{need}/claims");

        await app.MakeDueAsync(need, NeedTimers.Escalation);

        var e = Assert.Single(await escalated.WaitForAsync(x => x.NeedId == need));
        Assert.Equal(("wanda", "wanda-01", volunteerId), (e.CommunityId, e.GridId, e.ClaimantId));
        var stored = await NeedAsync(need);
        Assert.Equal(NeedStatus.Claimed, stored.Status);
        Assert.NotNull(stored.EscalatedAt);
    }

    [Fact]
    public async Task AnAcceptedNeedNotStartedInTime_GoesBackToOpen_WithReasonTimeout()
    {
        await using var released = await EventRecorder.StartAsync<NeedReleased>(containers);
        var (need, _, volunteerId, _) = await app.AcceptedAsync();

        await app.MakeDueAsync(need, NeedTimers.StartTimeout);

        var e = Assert.Single(await released.WaitForAsync(x => x.NeedId == need));
        Assert.Equal(("timeout", volunteerId, (Guid?)null), (e.Reason, e.ClaimantId, e.ReleasedBy));
        var stored = await NeedAsync(need);
        Assert.Equal((NeedStatus.Open, (Guid?)null), (stored.Status, stored.ClaimantId));
    }

    [Fact]
    public async Task ACompletionLeftUnanswered_IsConfirmedByTheTimer_WithNoRating()
    {
        await using var confirmed = await EventRecorder.StartAsync<NeedConfirmed>(containers);
        var (need, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(3));
        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 3m, 0m)));

        await app.MakeDueAsync(need, NeedTimers.AutoConfirm);

        var e = Assert.Single(await confirmed.WaitForAsync(x => x.NeedId == need));
        Assert.Equal((NeedConfirmer.Timer, (Guid?)null, (int?)null), (e.ConfirmedBy, e.ConfirmedById, e.Rating));
        Assert.Equal(3m, Assert.Single(e.Helpers).Hours);
        Assert.Equal(NeedStatus.Confirmed, (await NeedAsync(need)).Status);
    }

    [Fact]
    public async Task AnOpenNeedWhoseWindowEnded_Expires_ButAClaimedOneDoesNot()
    {
        await using var expired = await EventRecorder.StartAsync<NeedExpired>(containers);
        var (open, _) = await app.PostNeedAsync();
        var (claimed, _) = await app.PostNeedAsync();
        var (_, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{claimed}/claims");

        await app.MakeDueAsync(open, NeedTimers.Expiry);
        await app.MakeDueAsync(claimed, NeedTimers.Expiry);

        Assert.Single(await expired.WaitForAsync(x => x.NeedId == open));
        await WaitUntilHandledAsync(claimed, NeedTimers.Expiry);
        Assert.Equal(0, await app.OutboxCountAsync(nameof(NeedExpired), claimed));
        Assert.Equal(NeedStatus.Expired, (await NeedAsync(open)).Status);
        Assert.Equal(NeedStatus.Claimed, (await NeedAsync(claimed)).Status);
    }

    [Fact]
    public async Task AnEarlierClaimsTimer_DoesNothingToALaterClaim()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (_, first) = await app.VerifiedVolunteerAsync();
        var (_, second) = await app.VerifiedVolunteerAsync();
        await first.Must($"/needs/{need}/claims");
        await resident.Must($"/needs/{need}/declination");
        await second.Must($"/needs/{need}/claims");
        Guid firstTimer;
        await using (var db = app.CreateDbContext())
        {
            // Only the first claim's timer comes due.
            var timer = await db.Set<DueWorkItem>().Where(d => d.Kind == NeedTimers.Escalation && d.Key.StartsWith(need.ToString()))
                .OrderBy(d => d.DueAt).FirstAsync(Ct);
            timer.DueAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            firstTimer = timer.Id;
            await db.SaveChangesAsync(Ct);
        }

        await WaitUntilAsync(db => db.Set<DueWorkItem>().AnyAsync(d => d.Id == firstTimer, Ct));
        Assert.Equal(0, await app.OutboxCountAsync(nameof(NeedClaimEscalated), need));
        Assert.Null((await NeedAsync(need)).EscalatedAt);
    }

    private Task WaitUntilHandledAsync(Guid need, string kind) =>
        WaitUntilAsync(db => db.Set<DueWorkItem>().AnyAsync(d => d.Kind == kind && d.Key.StartsWith(need.ToString()) && d.DueAt < DateTimeOffset.UtcNow, Ct));

    /// <summary>Waits, up to 30 s, until the question is answered no.</summary>
    private async Task WaitUntilAsync(Func<Data.NeedsDbContext, Task<bool>> pending)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = app.CreateDbContext();
            if (!await pending(db))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The sweeper did not take the due work within 30 s.");
            await Task.Delay(100, Ct);
        }
    }

    private async Task<Need> NeedAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct);
    }
}
