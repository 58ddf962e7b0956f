using System.Text.Json;
using Alliance.Contracts.Time;
using Alliance.Messaging.DueWork;
using Alliance.Points.Data;
using Alliance.Points.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Redemptions;

/// <summary>The answer to one redemption step: the redemption and the balance after the step, or an error code.</summary>
internal sealed record RedemptionOutcome(Redemption? Redemption, long Available, long Reserved, string? Error)
{
    public static RedemptionOutcome Failed(string error) => new(null, 0, 0, error);
}

/// <summary>
/// Reserve, Commit and Release, each idempotent by redemption id: a step already taken answers with
/// the balance that step left, and moves nothing again. The redemption row, the ledger entry, the
/// account row and the backstop's due work change in one transaction. A Release that comes before
/// its Reserve leaves a tombstone, and the late Reserve is refused (<see cref="WasReleased"/>).
/// Held points whose earning expired meanwhile expire as they are released.
/// </summary>
internal sealed class RedemptionDesk(PointsDbContext db, TimeProvider time, IOptions<RedemptionOptions> options, IOptions<EarningRules> rules)
{
    public const string InsufficientPoints = "insufficient_points";
    public const string Closed = "redemption_closed";
    public const string WasReleased = "redemption_released";
    public const string WasCommitted = "redemption_committed";
    public const string NotFound = "redemption_not_found";
    public const string Mismatch = "redemption_mismatch";
    public const string ExpiryKind = "redemption-reservation-expiry";

    public async Task<RedemptionOutcome> ReserveAsync(Guid id, Guid volunteerId, long amount, Guid? offerId, Guid? merchantId, CancellationToken ct)
    {
        // Two rounds at most: a concurrent Reserve of the same id that commits first turns this one into a replay.
        for (var round = 0; ; round++)
        {
            db.ChangeTracker.Clear();
            var existing = await db.Redemptions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (existing is not null)
            {
                return !existing.Matches(volunteerId, amount) ? RedemptionOutcome.Failed(Mismatch)
                    : existing.State != RedemptionState.Reserved ? RedemptionOutcome.Failed(Closed)
                    : await ReplayAsync(existing, EntryKind.Reserve, ct);
            }

            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(id, ct);
            if (await db.RedemptionTombstones.AnyAsync(t => t.RedemptionId == id, ct))
            {
                await transaction.RollbackAsync(ct);
                return RedemptionOutcome.Failed(WasReleased);
            }

            var redemption = Redemption.Reserve(id, volunteerId, amount, offerId, merchantId, now);
            db.Redemptions.Add(redemption);
            try
            {
                // The row first: a concurrent duplicate waits here on its key, and then replays.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (round == 0 && ex.IsUniqueViolation("pk_redemptions"))
            {
                await transaction.RollbackAsync(ct);
                continue;
            }

            var entry = LedgerEntry.Create(volunteerId, EntryKind.Reserve, id, amount, Shanghai.DateOf(now), now, "redemption_reserved", Why(redemption));
            if (!await db.TryPostAsync(entry, ct))
            {
                await transaction.RollbackAsync(ct);
                return RedemptionOutcome.Failed(InsufficientPoints);
            }

            db.ScheduleDueWork(ExpiryKind, id.ToString(), now + options.Value.ReservationTtl);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new(redemption, entry.AvailableAfter, entry.ReservedAfter, null);
        }
    }

    public Task<RedemptionOutcome> CommitAsync(Guid id, CancellationToken ct) =>
        CloseAsync(id, EntryKind.Commit, Redemption.ClosedByMerchants, ct);

    public Task<RedemptionOutcome> ReleaseAsync(Guid id, CancellationToken ct) =>
        CloseAsync(id, EntryKind.Release, Redemption.ClosedByMerchants, ct);

    /// <summary>The backstop: releases a reservation still open, inside the sweeper's transaction (it saves).</summary>
    public async Task ExpireAsync(Guid id, CancellationToken ct)
    {
        var redemption = await db.Redemptions.FromSql($"SELECT * FROM redemptions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (redemption is { State: RedemptionState.Reserved })
        {
            await StepAsync(redemption, EntryKind.Release, Redemption.ClosedByBackstop, ct);
        }
    }

    private async Task<RedemptionOutcome> CloseAsync(Guid id, EntryKind kind, string by, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The backstop's row first, then the redemption: the sweeper locks them in that order too, so
        // a Commit at the moment of expiry waits for it (and then sees it released) instead of deadlocking.
        await db.CancelDueWorkAsync(ExpiryKind, id.ToString(), ct);
        await LockAsync(id, ct);
        // Locked, so a Commit and a Release racing for one redemption take turns, and the second sees the first's state.
        var redemption = await db.Redemptions.FromSql($"SELECT * FROM redemptions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (redemption is null)
        {
            if (kind == EntryKind.Release)
            {
                // Merchants gave up on a Reserve that has not arrived (yet): remember, so it holds nothing when it does.
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO redemption_tombstones (redemption_id, released_at) VALUES ({id}, {time.GetUtcNow()}) ON CONFLICT DO NOTHING", ct);
                await transaction.CommitAsync(ct);
            }

            return RedemptionOutcome.Failed(NotFound);
        }

        var wanted = kind == EntryKind.Commit ? RedemptionState.Committed : RedemptionState.Released;
        if (redemption.State == wanted)
        {
            return await ReplayAsync(redemption, kind, ct);
        }

        if (redemption.State != RedemptionState.Reserved)
        {
            return RedemptionOutcome.Failed(redemption.State == RedemptionState.Committed ? WasCommitted : WasReleased);
        }

        var entry = await StepAsync(redemption, kind, by, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(redemption, entry.AvailableAfter, entry.ReservedAfter, null);
    }

    private async Task<LedgerEntry> StepAsync(Redemption redemption, EntryKind kind, string by, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (kind == EntryKind.Commit)
        {
            redemption.Commit(now);
        }
        else
        {
            redemption.Release(by, now);
        }

        var reason = kind == EntryKind.Commit ? "redemption_committed" : by == Redemption.ClosedByBackstop ? "reservation_expired" : "redemption_released";
        var entry = LedgerEntry.Create(redemption.VolunteerId, kind, redemption.Id, redemption.Amount, Shanghai.DateOf(now), now, reason, Why(redemption));
        // The reserve put exactly this much in `reserved`, so the guard cannot fail here.
        if (!await db.TryPostAsync(entry, ct))
        {
            throw new InvalidOperationException($"Redemption {redemption.Id} holds {redemption.Amount} points that the account does not have reserved.");
        }

        return kind == EntryKind.Release && await ExpireHeldAsync(redemption, entry, now, ct) is { } expiry ? expiry : entry;
    }

    /// <summary>
    /// What of the released points belongs to earnings past their expiry expires now, as an
    /// <see cref="EntryKind.Expiry"/> entry keyed by the redemption. Oldest first, as
    /// <see cref="PointsExpiry"/> counts: of the earnings already expired, what the account holds
    /// above everything consumed, at most what was released. Their expiry found these points held
    /// and left them; released, they would otherwise never expire.
    /// </summary>
    private async Task<LedgerEntry?> ExpireHeldAsync(Redemption redemption, LedgerEntry release, DateTimeOffset now, CancellationToken ct)
    {
        var volunteer = redemption.VolunteerId;
        var cutoff = now - rules.Value.ExpiresAfter;
        var earnings = db.Ledger.Where(e => e.VolunteerId == volunteer && (e.Kind == EntryKind.Credit || e.Kind == EntryKind.Adjustment) && e.Amount > 0);
        var earnedInAll = await earnings.SumAsync(e => e.Amount, ct);
        var earnedExpired = await earnings.Where(e => e.RecordedAt <= cutoff).SumAsync(e => e.Amount, ct);
        var consumed = earnedInAll - release.AvailableAfter;
        var expired = Math.Clamp(earnedExpired - consumed, 0, redemption.Amount);
        if (expired == 0)
        {
            return null;
        }

        // A moment after the release, so the ledger (ordered by id and time) reads release, then expiry.
        var at = now.AddMilliseconds(1);
        var why = JsonSerializer.Serialize(new { redemptionId = redemption.Id, released = redemption.Amount, expired, rule = "held points whose earning expired expire when released" });
        var entry = LedgerEntry.Create(volunteer, EntryKind.Expiry, redemption.Id, -expired, Shanghai.DateOf(at), at, "points_expired", why);
        if (!await db.TryPostAsync(entry, ct))
        {
            throw new InvalidOperationException($"The expiry of the points released by {redemption.Id} did not post.");
        }

        return entry;
    }

    private async Task<RedemptionOutcome> ReplayAsync(Redemption redemption, EntryKind step, CancellationToken ct)
    {
        // A release that expired points answers with the balance after their expiry, as it did the first time.
        var entries = await db.Ledger.AsNoTracking()
            .Where(e => e.SourceId == redemption.Id && e.VolunteerId == redemption.VolunteerId && (e.Kind == step || (step == EntryKind.Release && e.Kind == EntryKind.Expiry)))
            .ToListAsync(ct);
        var entry = entries.SingleOrDefault(e => e.Kind == EntryKind.Expiry) ?? entries.Single(e => e.Kind == step);
        return new(redemption, entry.AvailableAfter, entry.ReservedAfter, null);
    }

    /// <summary>
    /// One redemption id's steps take turns: a Reserve and a Release of an id not yet reserved would
    /// otherwise both miss the other's uncommitted row (the redemption, the tombstone) and both commit.
    /// </summary>
    private Task<int> LockAsync(Guid id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({id.ToString()}, 0))", ct);

    private static string Why(Redemption redemption) =>
        JsonSerializer.Serialize(new { redemptionId = redemption.Id, offerId = redemption.OfferId, merchantId = redemption.MerchantId, points = redemption.Amount });
}
