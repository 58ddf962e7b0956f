using Alliance.Contracts.Needs;
using Alliance.Messaging.DueWork;
using Alliance.Needs.Board;
using Alliance.Needs.Timers;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// The timers of a need's life as due work: each test moves its row into the past, waits until the
/// sweeper has taken it (it removes the row, saves the need and writes the event in one transaction),
/// then reads the need and the outbox, which are final by then.
/// </summary>
public sealed class TimerTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClaimNotAcceptedInTime_IsEscalatedOnce_AndStaysClaimed()
    {
        var (need, _) = await app.PostNeedAsync();
        var (volunteerId, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{need}/claims");

        var due = await app.MakeDueAsync(need, NeedTimers.Escalation);

        await WaitUntilHandledAsync(due);
        var e = Assert.Single(await app.PublishedAsync<NeedClaimEscalated>(x => x.NeedId == need));
        Assert.Equal(("wanda", "wanda-01", volunteerId), (e.CommunityId, e.GridId, e.ClaimantId));
        var stored = await NeedAsync(need);
        Assert.Equal(NeedStatus.Claimed, stored.Status);
        Assert.NotNull(stored.EscalatedAt);
    }

    [Fact]
    public async Task AnAcceptedNeedNotStartedInTime_GoesBackToOpen_WithReasonTimeout()
    {
        var (need, _, volunteerId, _) = await app.AcceptedAsync();

        var due = await app.MakeDueAsync(need, NeedTimers.StartTimeout);

        await WaitUntilHandledAsync(due);
        var e = Assert.Single(await app.PublishedAsync<NeedReleased>(x => x.NeedId == need));
        Assert.Equal(("timeout", volunteerId, (Guid?)null), (e.Reason, e.ClaimantId, e.ReleasedBy));
        var stored = await NeedAsync(need);
        Assert.Equal((NeedStatus.Open, (Guid?)null), (stored.Status, stored.ClaimantId));
    }

    [Fact]
    public async Task ACompletionLeftUnanswered_IsConfirmedByTheTimer_WithNoRating()
    {
        var (need, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(3));
        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 3m, 0m)));

        var due = await app.MakeDueAsync(need, NeedTimers.AutoConfirm);

        await WaitUntilHandledAsync(due);
        var e = Assert.Single(await app.PublishedAsync<NeedConfirmed>(x => x.NeedId == need));
        Assert.Equal((NeedConfirmer.Timer, (Guid?)null, (int?)null), (e.ConfirmedBy, e.ConfirmedById, e.Rating));
        Assert.Equal(3m, Assert.Single(e.Helpers).Hours);
        Assert.Equal(NeedStatus.Confirmed, (await NeedAsync(need)).Status);
    }

    [Fact]
    public async Task AnOpenNeedWhoseWindowEnded_Expires_ButAClaimedOneDoesNot()
    {
        var (open, _) = await app.PostNeedAsync();
        var (claimed, _) = await app.PostNeedAsync();
        var (_, volunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{claimed}/claims");

        var dueOpen = await app.MakeDueAsync(open, NeedTimers.Expiry);
        var dueClaimed = await app.MakeDueAsync(claimed, NeedTimers.Expiry);

        await WaitUntilHandledAsync(dueOpen);
        await WaitUntilHandledAsync(dueClaimed);
        Assert.Single(await app.PublishedAsync<NeedExpired>(x => x.NeedId == open));
        Assert.Empty(await app.PublishedAsync<NeedExpired>(x => x.NeedId == claimed));
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

        await WaitUntilGoneAsync(d => d.Id == firstTimer);
        Assert.Empty(await app.PublishedAsync<NeedClaimEscalated>(x => x.NeedId == need));
        Assert.Null((await NeedAsync(need)).EscalatedAt);
    }

    /// <summary>
    /// Waits until the sweeper has handled these rows: a handled row is deleted with the handler's
    /// changes (a failure would keep it, and the test fail).
    /// </summary>
    private Task WaitUntilHandledAsync(IReadOnlyList<Guid> due) => WaitUntilGoneAsync(d => due.Contains(d.Id));

    private Task WaitUntilGoneAsync(System.Linq.Expressions.Expression<Func<DueWorkItem, bool>> due) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return !await db.Set<DueWorkItem>().AnyAsync(due, Ct);
        }, "The sweeper taking the due work");

    private async Task<Need> NeedAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct);
    }
}
