namespace Alliance.Points.Redemptions;

internal enum RedemptionState
{
    Reserved,
    Committed,
    Released,
}

/// <summary>
/// Points held for one redemption at a merchant, keyed by Merchants' redemption id: one reserve, then
/// exactly one commit or one release (by Merchants, or by the backstop when it was left open).
/// </summary>
internal sealed class Redemption
{
    public const string ClosedByMerchants = "merchants";
    public const string ClosedByBackstop = "reservation_expired";

    private Redemption()
    {
    }

    public Guid Id { get; private set; }

    public Guid VolunteerId { get; private set; }

    public long Amount { get; private set; }

    public Guid? OfferId { get; private set; }

    public Guid? MerchantId { get; private set; }

    public RedemptionState State { get; private set; }

    public DateTimeOffset ReservedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Who closed it: <c>merchants</c>, or <c>reservation_expired</c> for the backstop.</summary>
    public string? ClosedBy { get; private set; }

    public static Redemption Reserve(Guid id, Guid volunteerId, long amount, Guid? offerId, Guid? merchantId, DateTimeOffset now) =>
        new() { Id = id, VolunteerId = volunteerId, Amount = amount, OfferId = offerId, MerchantId = merchantId, State = RedemptionState.Reserved, ReservedAt = now };

    /// <summary>Whether a retried Reserve asks for the same thing as the first.</summary>
    public bool Matches(Guid volunteerId, long amount) => VolunteerId == volunteerId && Amount == amount;

    public void Commit(DateTimeOffset now) => Close(RedemptionState.Committed, ClosedByMerchants, now);

    public void Release(string by, DateTimeOffset now) => Close(RedemptionState.Released, by, now);

    public void Anonymise(Guid anonymousId) => VolunteerId = anonymousId;

    private void Close(RedemptionState state, string by, DateTimeOffset now)
    {
        if (State != RedemptionState.Reserved)
        {
            throw new InvalidOperationException($"Redemption {Id} is already {State}.");
        }

        State = state;
        ClosedBy = by;
        ClosedAt = now;
    }
}

/// <summary>
/// A Release for a redemption Points had not reserved: remembered, so a Reserve that arrives after it
/// (one Merchants gave up waiting for, and released) is refused instead of holding points for a day.
/// </summary>
internal sealed class RedemptionTombstone
{
    public Guid RedemptionId { get; init; }

    public DateTimeOffset ReleasedAt { get; init; }
}
