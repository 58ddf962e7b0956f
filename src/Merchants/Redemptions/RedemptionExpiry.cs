using Alliance.Contracts.Merchants;
using Alliance.Merchants.Data;
using Alliance.Merchants.Offers;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Redemptions;

/// <summary>
/// Due work, one row per redemption, at its code's expiry (sooner for an abandoned one). An issued
/// code still unconfirmed is released at Points, its quota unit goes back and
/// <see cref="RedemptionExpired"/> is raised; an abandoned one is released at Points (which may hold
/// nothing). If Points does not answer, the handler throws and the sweeper tries again with back-off.
/// Confirmed and refused redemptions need nothing. Runs in the sweeper's transaction.
/// </summary>
internal sealed class RedemptionExpiry(MerchantsDbContext db, PointsLedger points, TimeProvider time, ILogger<RedemptionExpiry> logger) : IDueWorkHandler
{
    public const string KindName = "redemption-expiry";

    public string Kind => KindName;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var redemption = await db.Redemptions.FirstOrDefaultAsync(r => r.Id == Guid.Parse(item.Key), ct);
        if (redemption is null || redemption.Status is RedemptionStatus.Confirmed or RedemptionStatus.Refused or RedemptionStatus.Expired)
        {
            return;
        }

        var now = time.GetUtcNow();
        switch (await points.ReleaseAsync(redemption.Id, ct))
        {
            case LedgerAnswer.Unavailable:
                throw new InvalidOperationException($"Points did not answer the release of redemption {redemption.Id}.");
            case LedgerAnswer.Closed when redemption.Status == RedemptionStatus.Issued:
                // Committed at Points by a confirmation whose own save never happened: it was confirmed.
                redemption.Confirm(null, null, now);
                db.Publish(new RedemptionConfirmed(Guid.CreateVersion7(now), now, null, redemption.Id, redemption.OfferId, redemption.MerchantId, redemption.VolunteerId));
                return;
        }

        var wasIssued = redemption.Status == RedemptionStatus.Issued;
        if (redemption.Expire(now))
        {
            await db.GiveBackAsync(redemption.OfferId, redemption.PeriodStart, ct);
        }

        if (wasIssued)
        {
            db.Publish(new RedemptionExpired(Guid.CreateVersion7(now), now, null, redemption.Id, redemption.OfferId, redemption.MerchantId, redemption.VolunteerId));
            logger.LogInformation("Redemption {RedemptionId} expired unconfirmed; points released", redemption.Id);
        }
    }
}
