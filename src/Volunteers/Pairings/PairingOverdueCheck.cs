using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Alliance.Volunteers.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Pairings;

/// <summary>
/// Due work, one pending row per active pairing, at its next visit's due time. When it comes due:
/// nothing if the pairing ended; if a visit moved the due date on, the check moves with it; else the
/// missed cadences are counted and <see cref="PairingVisitOverdue"/> is raised, and the check comes
/// back one cadence later. Runs in the sweeper's transaction, so the event and the next check commit together.
/// </summary>
internal sealed class PairingOverdueCheck(VolunteersDbContext db, TimeProvider time, ILogger<PairingOverdueCheck> logger) : IDueWorkHandler
{
    public const string KindName = "pairing-visit-overdue";

    public string Kind => KindName;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var pairing = await db.Pairings.FirstOrDefaultAsync(p => p.Id == Guid.Parse(item.Key), ct);
        if (pairing is null || pairing.Status != PairingStatus.Active)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (pairing.MissCadence(now))
        {
            db.Publish(new PairingVisitOverdue(
                Guid.CreateVersion7(now), now, null, pairing.Id, pairing.VolunteerId!.Value, pairing.RecipientId, pairing.CommunityId, pairing.GridId,
                pairing.OverdueSince, pairing.LastVisitAt, pairing.MissedCadences));
            logger.LogInformation("Pairing {PairingId} is overdue for a visit ({Missed} cadences missed)", pairing.Id, pairing.MissedCadences);
        }

        // The sweeper deletes this row before it saves this insert of the same key.
        db.ScheduleDueWork(KindName, item.Key, pairing.NextVisitDueAt);
    }
}
