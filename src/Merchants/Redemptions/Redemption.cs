using System.Security.Cryptography;

namespace Alliance.Merchants.Redemptions;

internal enum RedemptionStatus
{
    /// <summary>Quota taken, points being reserved: no code shown yet.</summary>
    Reserving,

    /// <summary>Points held, the code shown to the volunteer, waiting for the counter.</summary>
    Issued,

    Confirmed,

    /// <summary>Not confirmed in time: points released, quota back.</summary>
    Expired,

    /// <summary>Points refused the reservation (insufficient points): nothing held.</summary>
    Refused,

    /// <summary>Points did not answer: the quota is back, and due work releases whatever Points may hold.</summary>
    Abandoned,
}

/// <summary>
/// A volunteer's redemption of a points reward. Its id is the redemption id Points keys the reserve,
/// commit and release by; its short code is what the volunteer shows at the counter.
/// </summary>
internal sealed class Redemption
{
    public const string UniqueCodeIndex = "ux_redemptions_code";
    public const int CodeLength = 8;

    // No 0/O, 1/I/L: read aloud and typed at a counter.
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private Redemption()
    {
    }

    public Guid Id { get; private set; }

    public Guid OfferId { get; private set; }

    public Guid MerchantId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public long Points { get; private set; }

    public DateOnly PeriodStart { get; private set; }

    public string Code { get; private set; } = "";

    public RedemptionStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The staff member who confirmed it, or null for a partner system (see <see cref="ConfirmedByClient"/>) or a reconciliation.</summary>
    public Guid? ConfirmedBy { get; private set; }

    public string? ConfirmedByClient { get; private set; }

    public uint Version { get; private set; }

    public static Redemption Start(Guid offerId, Guid merchantId, Guid volunteerId, long points, DateOnly periodStart, DateTimeOffset now, TimeSpan codeTtl) => new()
    {
        Id = Guid.CreateVersion7(now),
        OfferId = offerId,
        MerchantId = merchantId,
        VolunteerId = volunteerId,
        Points = points,
        PeriodStart = periodStart,
        Code = NewCode(),
        Status = RedemptionStatus.Reserving,
        CreatedAt = now,
        ExpiresAt = now + codeTtl,
    };

    public void NewCodeAfterCollision() => Code = NewCode();

    public bool Issue() => Move(RedemptionStatus.Reserving, RedemptionStatus.Issued, null);

    public bool Refuse(DateTimeOffset now) => Move(RedemptionStatus.Reserving, RedemptionStatus.Refused, now);

    public bool Abandon(DateTimeOffset now) => Move(RedemptionStatus.Reserving, RedemptionStatus.Abandoned, now);

    public bool Expire(DateTimeOffset now) =>
        Move(RedemptionStatus.Issued, RedemptionStatus.Expired, now) || Move(RedemptionStatus.Reserving, RedemptionStatus.Abandoned, now);

    public bool IsOpenAt(DateTimeOffset now) => Status == RedemptionStatus.Issued && now < ExpiresAt;

    /// <summary>
    /// The code as a reader may see it, only while it is or was good at the counter: in full to the
    /// volunteer it was issued to (it is their voucher), masked to everyone else, the merchant's staff
    /// and partner system included, so a list at the counter never hands out a spendable code.
    /// </summary>
    public string? CodeFor(bool holder) =>
        Status is RedemptionStatus.Issued or RedemptionStatus.Confirmed ? holder ? Code : Mask(Code) : null;

    /// <summary>The first two and last two characters, enough to tell codes apart when the volunteer shows theirs: <c>K7****XA</c>.</summary>
    public static string Mask(string code) =>
        code.Length <= 4 ? new string('*', code.Length) : string.Concat(code.AsSpan(0, 2), new string('*', code.Length - 4), code.AsSpan(code.Length - 2));

    /// <summary>Whether a code as typed at the counter (trimmed, upper case) could be one: its length and alphabet; a masked one never is.</summary>
    public static string? FormatRule(string? code) =>
        string.IsNullOrEmpty(code) ? "required"
        : code.Length != CodeLength ? "code_length"
        : code.All(CodeAlphabet.Contains) ? null
        : "code_format";

    public bool Confirm(Guid? staff, string? client, DateTimeOffset now)
    {
        if (!Move(RedemptionStatus.Issued, RedemptionStatus.Confirmed, now))
        {
            return false;
        }

        ConfirmedBy = staff;
        ConfirmedByClient = client;
        return true;
    }

    private bool Move(RedemptionStatus from, RedemptionStatus to, DateTimeOffset? now)
    {
        if (Status != from)
        {
            return false;
        }

        Status = to;
        ClosedAt = now ?? ClosedAt;
        return true;
    }

    private static string NewCode() => string.Create(CodeLength, 0, (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        }
    });
}
