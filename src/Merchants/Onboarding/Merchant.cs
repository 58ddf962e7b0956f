using Alliance.Contracts.Reference;
using Alliance.Contracts.Validation;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Merchants.Onboarding;

internal enum MerchantStatus
{
    Pending,
    Verified,
    Suspended,
    Rejected,
}

/// <summary>
/// A partner business (商家, 爱心企业): registered by a signed-in person, then verified or rejected by
/// an admin. Its staff are <see cref="MerchantStaffMember"/> rows; its offers are <c>Offers/</c>.
/// </summary>
internal sealed class Merchant
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
    public const int MaxContactNameLength = 50;
    public const int MaxReasonLength = 500;
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

    /// <summary>The shop's street address (a business's, not a person's), optional at registration.</summary>
    public string? Address { get; private set; }

    public string? ContactName { get; private set; }

    /// <summary>The business's contact mobile: shown to its staff and admins, masked to everyone else.</summary>
    public string? ContactMobile { get; private set; }

    public MerchantStatus Status { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public Guid? VerifiedBy { get; private set; }

    public DateTimeOffset? RejectedAt { get; private set; }

    public Guid? RejectedBy { get; private set; }

    public string? RejectionReason { get; private set; }

    public DateTimeOffset? SuspendedAt { get; private set; }

    public Guid? SuspendedBy { get; private set; }

    public string? SuspensionReason { get; private set; }

    public uint Version { get; private set; }

    public bool IsVerified => Status == MerchantStatus.Verified;

    public static FieldErrors Check(
        string? name, string? licenceNumber, IReadOnlyList<string>? trade, string? communityId,
        string? address = null, string? contactName = null, string? contactMobile = null)
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

        errors.Check(address is null || address.Trim().Length <= MaxAddressLength, "address", "too_long");
        errors.Check(contactName is null || contactName.Trim().Length <= MaxContactNameLength, "contactName", "too_long");
        errors.Check(contactMobile is null || ChineseFormats.IsMobile(contactMobile), "contactMobile", "mobile_format");
        return errors;
    }

    public static Merchant Register(
        Guid registeredBy, string name, string licenceNumber, IReadOnlyList<string> trade, string communityId, DateTimeOffset now,
        string? address = null, string? contactName = null, string? contactMobile = null)
    {
        if (!Check(name, licenceNumber, trade, communityId, address, contactName, contactMobile).IsEmpty)
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
            Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim(),
            ContactName = string.IsNullOrWhiteSpace(contactName) ? null : contactName.Trim(),
            ContactMobile = contactMobile,
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

    /// <summary>The reason a rejection or a suspension gives: 1 to 500 characters.</summary>
    public static FieldErrors CheckReason(string? reason)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(reason), "reason", "required"))
        {
            errors.Check(reason!.Trim().Length <= MaxReasonLength, "reason", "too_long");
        }

        return errors;
    }

    /// <summary>A street admin suspends a verified business, with a reason; false unless it is verified.</summary>
    public bool Suspend(Guid admin, string reason, DateTimeOffset now)
    {
        if (Status != MerchantStatus.Verified)
        {
            return false;
        }

        Status = MerchantStatus.Suspended;
        SuspendedAt = now;
        SuspendedBy = admin;
        SuspensionReason = reason.Trim();
        return true;
    }

    /// <summary>A street admin reinstates a suspended business: verified again; false unless it is suspended.</summary>
    public bool Reinstate()
    {
        if (Status != MerchantStatus.Suspended)
        {
            return false;
        }

        Status = MerchantStatus.Verified;
        return true;
    }

    /// <summary>A street admin refused the business, with a reason; false unless it is pending.</summary>
    public bool Reject(Guid admin, string reason, DateTimeOffset now)
    {
        if (Status != MerchantStatus.Pending)
        {
            return false;
        }

        Status = MerchantStatus.Rejected;
        RejectedAt = now;
        RejectedBy = admin;
        RejectionReason = reason.Trim();
        return true;
    }
}
