namespace Alliance.Merchants.Redemptions;

/// <summary>
/// A redemption on the wire. The code is the volunteer's voucher: in full to the volunteer only, and
/// to the counter only as the answer to the code it has just presented; every other reader gets it
/// masked (<c>K7****XA</c>).
/// </summary>
internal sealed record RedemptionResponse(
    Guid Id, Guid OfferId, Guid MerchantId, Guid VolunteerId, long PointsCost, string? Code, RedemptionStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ClosedAt)
{
    /// <summary>For the volunteer it was issued to: the code in full.</summary>
    public static RedemptionResponse ForHolder(Redemption r) => From(r, r.CodeFor(holder: true));

    /// <summary>For the merchant's staff and partner system, in lists and single reads: the code masked.</summary>
    public static RedemptionResponse ForCounter(Redemption r) => From(r, r.CodeFor(holder: false));

    /// <summary>The answer to a confirmation: the code the counter presented, as presented.</summary>
    public static RedemptionResponse AsPresented(Redemption r) => From(r, r.CodeFor(holder: true));

    private static RedemptionResponse From(Redemption r, string? code) => new(
        r.Id, r.OfferId, r.MerchantId, r.VolunteerId, r.Points, code, r.Status, r.CreatedAt, r.ExpiresAt, r.ClosedAt);
}
