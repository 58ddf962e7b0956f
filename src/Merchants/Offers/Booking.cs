namespace Alliance.Merchants.Offers;

internal enum BookingStatus
{
    Booked,
    Cancelled,
}

/// <summary>A resident's booking of a public-benefit or low-cost offer: one unit of its quota in the period it was made.</summary>
internal sealed class Booking
{
    public const string UniqueActiveIndex = "ux_bookings_active_per_period";

    private Booking()
    {
    }

    public Guid Id { get; private set; }

    public Guid OfferId { get; private set; }

    public Guid MerchantId { get; private set; }

    public Guid ResidentId { get; private set; }

    /// <summary>The quota period the unit was taken from, so a cancellation gives it back there.</summary>
    public DateOnly PeriodStart { get; private set; }

    public BookingStatus Status { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>The resident's own declaration, taken only when the offer asks for it, shown to the counter to check.</summary>
    public bool DeclaredAged60OrOver { get; private set; }

    public string? DeclaredCommunityId { get; private set; }

    public static Booking Make(Offer offer, Guid residentId, DateOnly periodStart, bool declaredAged60OrOver, string? declaredCommunityId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OfferId = offer.Id,
        MerchantId = offer.MerchantId,
        ResidentId = residentId,
        PeriodStart = periodStart,
        Status = BookingStatus.Booked,
        BookedAt = now,
        DeclaredAged60OrOver = offer.Aged60OrOver && declaredAged60OrOver,
        DeclaredCommunityId = offer.EligibleCommunityId is null ? null : declaredCommunityId,
    };

    public bool Cancel(DateTimeOffset now)
    {
        if (Status != BookingStatus.Booked)
        {
            return false;
        }

        Status = BookingStatus.Cancelled;
        CancelledAt = now;
        return true;
    }
}
