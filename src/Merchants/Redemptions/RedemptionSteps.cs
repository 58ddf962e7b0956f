using Alliance.Merchants.Data;
using Alliance.Merchants.Offers;
using Alliance.Messaging.DueWork;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Redemptions;

internal enum QuotaHold
{
    Held,
    Exhausted,

    /// <summary>Three codes drawn in a row were taken: nothing is held.</summary>
    NoFreeCode,
}

internal enum SaveOutcome
{
    Saved,

    /// <summary>The redemption changed under this request (a concurrent confirmation, the timer): nothing saved.</summary>
    LostRace,

    /// <summary>The database failed the save, or the request's Idempotency-Key was taken over by a retry: nothing saved.</summary>
    Failed,
}

/// <summary>
/// The saves of a redemption, each guarded: none lets a race or a database fault answer 500. What a
/// failed save leaves undone, the redemption's due work finishes (at once if it can be moved, at
/// the code's expiry if not).
/// </summary>
internal static class RedemptionSteps
{
    /// <summary>Takes a unit of quota and records the redemption with its expiry as due work, in one transaction.</summary>
    public static async Task<QuotaHold> HoldQuotaAsync(MerchantsDbContext db, Offer offer, Redemption redemption, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await db.TryTakeAsync(offer, redemption.PeriodStart, ct))
            {
                return QuotaHold.Exhausted;
            }

            db.Redemptions.Add(redemption);
            var due = db.ScheduleDueWork(RedemptionExpiry.KindName, redemption.Id.ToString(), redemption.ExpiresAt);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return QuotaHold.Held;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation(Redemption.UniqueCodeIndex))
            {
                // Another redemption holds the same code: roll back (the quota unit too) and draw again.
                await transaction.RollbackAsync(ct);
                db.Entry(redemption).State = EntityState.Detached;
                db.Entry(due).State = EntityState.Detached;
                if (attempt == 3)
                {
                    return QuotaHold.NoFreeCode;
                }

                redemption.NewCodeAfterCollision();
            }
        }
    }

    /// <summary>
    /// Saves the tracked changes and keeps the answer under the request's Idempotency-Key, in one
    /// transaction: a retry after a crash replays this answer, and one whose key was taken over saves nothing.
    /// </summary>
    public static async Task<SaveOutcome> SaveWithAnswerAsync<T>(MerchantsDbContext db, HttpContext http, int status, T answer, string? location, ILogger logger)
    {
        try
        {
            if (!await db.SaveKeepingAnswerAsync(http, status, answer, location, CancellationToken.None))
            {
                logger.LogWarning("A retry took over the Idempotency-Key of {Path} before it saved: rolled back", http.Request.Path);
                return SaveOutcome.Failed;
            }

            return SaveOutcome.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveOutcome.LostRace;
        }
        catch (Exception ex) when (ex is DbUpdateException || ex.IsDatabaseOutage())
        {
            logger.LogWarning(ex, "Saving {Path} failed: answered try again", http.Request.Path);
            return SaveOutcome.Failed;
        }
    }

    /// <summary>
    /// Gives the quota unit back after Points refused or did not answer (abandoned: the due work
    /// releases whatever Points may hold, now). If this cannot be saved, the redemption stays
    /// reserving and its due work abandons it at the code's expiry: the answer is the same.
    /// </summary>
    public static async Task LetGoAsync(MerchantsDbContext db, Redemption redemption, bool abandoned, DateTimeOffset now, ILogger logger)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            if (abandoned)
            {
                redemption.Abandon(now);
                await db.RescheduleDueWorkAsync(RedemptionExpiry.KindName, redemption.Id.ToString(), now, CancellationToken.None);
            }
            else
            {
                redemption.Refuse(now);
            }

            await db.GiveBackAsync(redemption.OfferId, redemption.PeriodStart, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException || ex.IsDatabaseOutage())
        {
            logger.LogWarning(ex, "Redemption {RedemptionId} could not be let go now: its due work does it at the code's expiry", redemption.Id);
        }
    }

    /// <summary>Brings the redemption's due work forward to now (it releases at Points, gives the quota back and records the outcome); if that fails, it runs at the code's expiry.</summary>
    public static async Task BringDueWorkForwardAsync(MerchantsDbContext db, Guid redemption, DateTimeOffset now, ILogger logger)
    {
        try
        {
            db.ChangeTracker.Clear();
            await db.RescheduleDueWorkAsync(RedemptionExpiry.KindName, redemption.ToString(), now, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException || ex.IsDatabaseOutage())
        {
            logger.LogWarning(ex, "The due work of redemption {RedemptionId} could not be moved: it runs at the code's expiry", redemption);
        }
    }
}
