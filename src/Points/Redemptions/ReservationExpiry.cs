using Alliance.Messaging.DueWork;

namespace Alliance.Points.Redemptions;

/// <summary>
/// Due work, one row per open reservation, <c>Points:Redemptions:ReservationTtl</c> after it was
/// made: releases it if Merchants neither committed nor released it. Commit and Release delete the row.
/// </summary>
internal sealed class ReservationExpiry(RedemptionDesk desk, ILogger<ReservationExpiry> logger) : IDueWorkHandler
{
    public string Kind => RedemptionDesk.ExpiryKind;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        await desk.ExpireAsync(Guid.Parse(item.Key), ct);
        logger.LogInformation("Reservation {RedemptionId} left open: released by the backstop", item.Key);
    }
}
