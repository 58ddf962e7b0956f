using Alliance.Contracts.Reference;
using Alliance.Contracts.Validation;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Merchants.Onboarding;

internal enum MerchantStatus
{
    Pending,
    Verified,
    Suspended,
}

/// <summary>
/// A partner business (商家, 爱心企业). Provisional shape: the points-and-merchants issue adds staff
/// accounts, contact, address, verification and offers.
/// </summary>
internal sealed class Merchant
{
    public const int MaxNameLength = 100;
    public const string UniqueLicenceIndex = "ux_merchants_licence_number";

    private Merchant()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The account of the person who registered the business; staff follow from Merchants' events.</summary>
    public Guid RegisteredBy { get; private set; }

    /// <summary>The unified social credit code on the business licence.</summary>
    public string LicenceNumber { get; private set; } = "";

    /// <summary>Catalogue kind ids: the needs this merchant may take on.</summary>
    public List<string> Trade { get; private set; } = [];

    public string CommunityId { get; private set; } = "";

    public MerchantStatus Status { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public Guid? VerifiedBy { get; private set; }

    public uint Version { get; private set; }

    public static FieldErrors Check(string? name, string? licenceNumber, IReadOnlyList<string>? trade, string? communityId)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name!.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(licenceNumber), "licenceNumber", "required")
            && errors.Check(licenceNumber!.Length == 18, "licenceNumber", "credit_code_length"))
        {
            errors.Check(ChineseFormats.IsUnifiedSocialCreditCode(licenceNumber), "licenceNumber", "credit_code_check");
        }

        if (errors.Check(trade is { Count: > 0 }, "trade", "required"))
        {
            errors.Check(trade!.All(ReferenceData.Current.IsKind), "trade", "unknown_kind");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required"))
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        return errors;
    }

    public static Merchant Register(Guid registeredBy, string name, string licenceNumber, IReadOnlyList<string> trade, string communityId, DateTimeOffset now)
    {
        if (!Check(name, licenceNumber, trade, communityId).IsEmpty)
        {
            throw new ArgumentException("A merchant must be checked before it is registered.", nameof(name));
        }

        return new Merchant
        {
            Id = Guid.CreateVersion7(now),
            RegisteredBy = registeredBy,
            Name = name.Trim(),
            LicenceNumber = licenceNumber,
            Trade = trade.Distinct(StringComparer.Ordinal).ToList(),
            CommunityId = communityId,
            Status = MerchantStatus.Pending,
            RegisteredAt = now,
        };
    }

    /// <summary>An admin of the merchant's community checked the licence; false unless it is pending.</summary>
    public bool Verify(Guid admin, DateTimeOffset now)
    {
        if (Status != MerchantStatus.Pending)
        {
            return false;
        }

        Status = MerchantStatus.Verified;
        VerifiedAt = now;
        VerifiedBy = admin;
        return true;
    }
}
