using Alliance.Contracts.Points;
using Alliance.Messaging.DueWork;
using Alliance.Points.Redemptions;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>Reserve, Commit and Release over gRPC, as Merchants calls them (points.proto).</summary>
public sealed class RedemptionTests(PointsApp app) : IClassFixture<PointsApp>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Grpc.Net.Client.GrpcChannel channel = app.Host.CreateGrpcChannel();

    private PointsService.PointsServiceClient Client => new(channel);

    public void Dispose() => channel.Dispose();

    [Fact]
    public async Task Reserve_ThenCommit_SpendsThePoints_AndTheRowEqualsTheLedger()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 100);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();

        var reserved = await Client.ReserveAsync(Reserve(id, volunteer, 30), merchants, cancellationToken: Ct);
        var committed = await Client.CommitAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);
        var again = await Client.CommitAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);

        Assert.Equal(("reserved", 70L, 30L), (reserved.State, reserved.Available, reserved.Reserved));
        Assert.Equal(("committed", 70L, 0L), (committed.State, committed.Available, committed.Reserved));
        Assert.Equal(committed, again);
        Assert.Equal((70L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Set<DueWorkItem>().AnyAsync(d => d.Key == id.ToString(), Ct), "A committed reservation leaves no backstop behind.");
    }

    [Fact]
    public async Task Reserve_ThenRelease_GivesThePointsBack_AndCommitAfterwardsIsRefused()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 50);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();
        await Client.ReserveAsync(Reserve(id, volunteer, 50), merchants, cancellationToken: Ct);

        var released = await Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);
        var releasedAgain = await Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);
        var commit = await Assert.ThrowsAsync<RpcException>(() => Client.CommitAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct).ResponseAsync);
        var reserveAgain = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(id, volunteer, 50), merchants, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(("released", 50L, 0L), (released.State, released.Available, released.Reserved));
        Assert.Equal(released, releasedAgain);
        Assert.Equal((StatusCode.FailedPrecondition, "redemption_released"), (commit.StatusCode, commit.Status.Detail));
        Assert.Equal((StatusCode.FailedPrecondition, "redemption_closed"), (reserveAgain.StatusCode, reserveAgain.Status.Detail));
        Assert.Equal((50L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task Release_AfterCommit_IsRefused_AndBadCallsGetTheProtosCodes()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 10);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();
        await Client.ReserveAsync(Reserve(id, volunteer, 10), merchants, cancellationToken: Ct);
        await Client.CommitAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);

        var release = await Assert.ThrowsAsync<RpcException>(() => Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client.CommitAsync(new RedemptionRequest { RedemptionId = Guid.CreateVersion7().ToString() }, merchants, cancellationToken: Ct).ResponseAsync);
        var zero = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(Guid.CreateVersion7(), volunteer, 0), merchants, cancellationToken: Ct).ResponseAsync);
        var needs = await app.AsServiceAsync("needs");
        var asNeeds = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(Guid.CreateVersion7(), volunteer, 1), needs, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "redemption_committed"), (release.StatusCode, release.Status.Detail));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, zero.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, asNeeds.StatusCode);
    }

    [Fact]
    public async Task Reserve_BeyondTheBalance_IsInsufficientPoints_AndHoldsNothing()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 29);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(id, volunteer, 30), merchants, cancellationToken: Ct).ResponseAsync);
        var noAccount = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(Guid.CreateVersion7(), Guid.CreateVersion7(), 1), merchants, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, RedemptionDesk.InsufficientPoints), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal((StatusCode.FailedPrecondition, RedemptionDesk.InsufficientPoints), (noAccount.StatusCode, noAccount.Status.Detail));
        Assert.Equal((29L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Redemptions.AnyAsync(r => r.Id == id, Ct));
        Assert.False(await db.Set<DueWorkItem>().AnyAsync(d => d.Key == id.ToString(), Ct));
    }

    [Fact]
    public async Task Reserve_RetriedAfterALostReply_HoldsThePointsOnce()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 100);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();

        // The first reply is "lost": the caller retries, once in turn and then five times at once.
        var first = await Client.ReserveAsync(Reserve(id, volunteer, 40), merchants, cancellationToken: Ct);
        var retry = await Client.ReserveAsync(Reserve(id, volunteer, 40), merchants, cancellationToken: Ct);
        var storm = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Client.ReserveAsync(Reserve(id, volunteer, 40), merchants, cancellationToken: Ct).ResponseAsync));
        var racedId = Guid.CreateVersion7();
        var raced = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Client.ReserveAsync(Reserve(racedId, volunteer, 10), merchants, cancellationToken: Ct).ResponseAsync));

        Assert.Equal(("reserved", 60L, 40L), (first.State, first.Available, first.Reserved));
        Assert.Equal(first, retry);
        Assert.All(storm, reply => Assert.Equal(first, reply));
        Assert.Single(raced.Select(r => (r.Available, r.Reserved)).Distinct());
        Assert.Equal((50L, 50L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.Ledger.CountAsync(e => e.VolunteerId == volunteer && e.Kind == Ledger.EntryKind.Reserve, Ct));
    }

    [Fact]
    public async Task OverdraftRace_HundredConcurrentReserves_AgainstABalanceCoveringSeven_ExactlySevenHold()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 70);
        var merchants = await app.AsServiceAsync("merchants");

        var calls = Enumerable.Range(0, 100).Select(async _ =>
        {
            try
            {
                await Client.ReserveAsync(Reserve(Guid.CreateVersion7(), volunteer, 10), merchants, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Ct);
                return "reserved";
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return ex.Status.Detail;
            }
        });
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(7, outcomes.Count(o => o == "reserved"));
        Assert.Equal(93, outcomes.Count(o => o == RedemptionDesk.InsufficientPoints));
        Assert.Equal((0L, 70L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        // Never negative at any point: every entry's balance after it (and the row's CHECK) says so.
        Assert.False(await db.Ledger.AnyAsync(e => e.VolunteerId == volunteer && (e.AvailableAfter < 0 || e.ReservedAfter < 0), Ct));
        Assert.Equal(7, await db.Redemptions.CountAsync(r => r.VolunteerId == volunteer, Ct));
    }

    [Fact]
    public async Task AReservationLeftOpen_IsReleasedByTheBackstop_AfterItsTtl()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 20);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();
        var reserved = await Client.ReserveAsync(Reserve(id, volunteer, 20), merchants, cancellationToken: Ct);
        await using (var db = app.CreateDbContext())
        {
            var backstop = await db.Set<DueWorkItem>().SingleAsync(d => d.Kind == RedemptionDesk.ExpiryKind && d.Key == id.ToString(), Ct);
            Assert.InRange(backstop.DueAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
            // The TTL passes: the backstop comes due now.
            await db.Set<DueWorkItem>().Where(d => d.Id == backstop.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);
        }

        await app.WaitUntilAsync(async db => await db.Redemptions.AnyAsync(r => r.Id == id && r.State == RedemptionState.Released, Ct), "The backstop released the reservation");
        var commit = await Assert.ThrowsAsync<RpcException>(() => Client.CommitAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct).ResponseAsync);
        var release = await Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);

        Assert.Equal((0L, 20L), (reserved.Available, reserved.Reserved));
        Assert.Equal((StatusCode.FailedPrecondition, "redemption_released"), (commit.StatusCode, commit.Status.Detail));
        Assert.Equal(("released", 20L, 0L), (release.State, release.Available, release.Reserved));
        Assert.Equal((20L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var check = app.CreateDbContext();
        Assert.Equal("reservation_expired", (await check.Ledger.SingleAsync(e => e.SourceId == id && e.Kind == Ledger.EntryKind.Release, Ct)).Reason);
    }

    [Fact]
    public async Task ARelease_BeforeItsReserve_IsRemembered_AndTheLateReserveIsRefused_HoldingNothing()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 40);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();

        // Merchants gave up waiting for its Reserve and released; the Reserve arrives after, twice.
        var release = await Assert.ThrowsAsync<RpcException>(() => Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct).ResponseAsync);
        var releaseAgain = await Assert.ThrowsAsync<RpcException>(() => Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct).ResponseAsync);
        var late = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(id, volunteer, 40), merchants, cancellationToken: Ct).ResponseAsync);
        var lateAgain = await Assert.ThrowsAsync<RpcException>(() => Client.ReserveAsync(Reserve(id, volunteer, 40), merchants, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (release.StatusCode, releaseAgain.StatusCode));
        Assert.Equal((StatusCode.FailedPrecondition, RedemptionDesk.WasReleased), (late.StatusCode, late.Status.Detail));
        Assert.Equal((StatusCode.FailedPrecondition, RedemptionDesk.WasReleased), (lateAgain.StatusCode, lateAgain.Status.Detail));
        Assert.Equal((40L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        Assert.True(await db.RedemptionTombstones.AnyAsync(t => t.RedemptionId == id, Ct));
        Assert.False(await db.Redemptions.AnyAsync(r => r.Id == id, Ct));
        Assert.False(await db.Set<DueWorkItem>().AnyAsync(d => d.Key == id.ToString(), Ct), "A refused Reserve leaves no backstop to wait a day for.");
    }

    [Fact]
    public async Task AReserveAndARelease_RacingForOneRedemption_NeverLeaveItHeld()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 200);
        var merchants = await app.AsServiceAsync("merchants");
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();

        await Task.WhenAll(ids.SelectMany(id => new[]
        {
            Settle(Client.ReserveAsync(Reserve(id, volunteer, 10), merchants, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Ct).ResponseAsync),
            Settle(Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Ct).ResponseAsync),
        }));

        // Whichever came first, nothing stays held: released after its reserve, or refused after its release.
        Assert.Equal((200L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Redemptions.AnyAsync(r => ids.Contains(r.Id) && r.State == RedemptionState.Reserved, Ct));
        var released = await db.Redemptions.CountAsync(r => ids.Contains(r.Id), Ct);
        var remembered = await db.RedemptionTombstones.CountAsync(t => ids.Contains(t.RedemptionId), Ct);
        Assert.Equal(ids.Count, released + remembered);

        static async Task Settle(Task call)
        {
            try
            {
                await call;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
            {
                // The release that came first, and the reserve it refused.
            }
        }
    }

    [Fact]
    public async Task HeldPoints_WhoseEarningExpired_ExpireWhenReleased_AndFreshOnesComeBack()
    {
        var volunteer = Guid.CreateVersion7();
        // 50 earned past Points:Rules:ExpiresAfter (730 days), 30 earned today: spending takes the oldest first.
        await app.GiveAsync(volunteer, 50, DateTimeOffset.UtcNow.AddDays(-731));
        await app.GiveAsync(volunteer, 30);
        var merchants = await app.AsServiceAsync("merchants");
        var id = Guid.CreateVersion7();
        await Client.ReserveAsync(Reserve(id, volunteer, 60), merchants, cancellationToken: Ct);

        var released = await Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);
        var releasedAgain = await Client.ReleaseAsync(new RedemptionRequest { RedemptionId = id.ToString() }, merchants, cancellationToken: Ct);

        // Of the 60 held, the old earning's 50 expire; the fresh 10 come back beside the 20 never held.
        Assert.Equal(("released", 30L, 0L), (released.State, released.Available, released.Reserved));
        Assert.Equal(released, releasedAgain);
        Assert.Equal((30L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        var expiry = await db.Ledger.SingleAsync(e => e.VolunteerId == volunteer && e.Kind == Ledger.EntryKind.Expiry, Ct);
        Assert.Equal((id, -50L, "points_expired"), (expiry.SourceId, expiry.Amount, expiry.Reason));
    }

    [Fact]
    public async Task HeldPoints_WhoseEarningExpired_ExpireWhenTheBackstopReleasesThem_ButSpentOnesStaySpent()
    {
        var volunteer = Guid.CreateVersion7();
        await app.GiveAsync(volunteer, 40, DateTimeOffset.UtcNow.AddDays(-800));
        var merchants = await app.AsServiceAsync("merchants");
        var (spent, leftOpen) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await Client.ReserveAsync(Reserve(spent, volunteer, 15), merchants, cancellationToken: Ct);
        await Client.ReserveAsync(Reserve(leftOpen, volunteer, 25), merchants, cancellationToken: Ct);
        await Client.CommitAsync(new RedemptionRequest { RedemptionId = spent.ToString() }, merchants, cancellationToken: Ct);
        await using (var db = app.CreateDbContext())
        {
            await db.Set<DueWorkItem>().Where(d => d.Kind == RedemptionDesk.ExpiryKind && d.Key == leftOpen.ToString())
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);
        }

        await app.WaitUntilAsync(async db => await db.Redemptions.AnyAsync(r => r.Id == leftOpen && r.State == RedemptionState.Released, Ct), "The backstop released the reservation");

        Assert.Equal((0L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var check = app.CreateDbContext();
        Assert.Equal(-25L, (await check.Ledger.SingleAsync(e => e.SourceId == leftOpen && e.Kind == Ledger.EntryKind.Expiry, Ct)).Amount);
        Assert.False(await check.Ledger.AnyAsync(e => e.SourceId == spent && e.Kind == Ledger.EntryKind.Expiry, Ct));
    }

    private static ReserveRequest Reserve(Guid id, Guid volunteer, long amount) =>
        new() { RedemptionId = id.ToString(), VolunteerId = volunteer.ToString(), Amount = amount, OfferId = Guid.CreateVersion7().ToString(), MerchantId = Guid.CreateVersion7().ToString() };
}
