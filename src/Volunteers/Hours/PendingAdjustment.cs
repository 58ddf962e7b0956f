namespace Alliance.Volunteers.Hours;

/// <summary>
/// An adjustment (<c>ServiceHoursAdjusted</c>, <c>PointsCreditReversed</c>) that came before the credit it
/// corrects, held until the credit lands (events are not ordered: docs/messaging.md), so the ledger
/// never shows a correction of hours it does not hold. Keyed by the adjustment's own id.
/// </summary>
internal sealed class PendingAdjustment
{
    private PendingAdjustment()
    {
    }

    public Guid AdjustmentId { get; private set; }

    /// <summary>The activity or need whose credit it corrects.</summary>
    public Guid SourceId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public decimal Hours { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>The day it was made (Asia/Shanghai): its entry's date, as if it had come in order.</summary>
    public DateOnly ServiceDate { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>Holds an adjustment entry that was about to be written.</summary>
    public static PendingAdjustment Of(HoursEntry adjustment) => new()
    {
        AdjustmentId = adjustment.SourceId,
        SourceId = adjustment.AdjustsSourceId ?? throw new ArgumentException("Not an adjustment.", nameof(adjustment)),
        VolunteerId = adjustment.VolunteerId,
        Hours = adjustment.Hours,
        Reason = adjustment.Reason,
        ServiceDate = adjustment.ServiceDate,
        ReceivedAt = adjustment.RecordedAt,
    };

    /// <summary>The entry, now that its credit is in the ledger (or will never be under this id).</summary>
    public HoursEntry ToEntry(Guid volunteerId, DateTimeOffset now) =>
        HoursEntry.ForAdjustment(AdjustmentId, SourceId, volunteerId, Hours, Reason ?? "", ServiceDate, now);
}
