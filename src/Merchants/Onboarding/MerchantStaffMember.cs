namespace Alliance.Merchants.Onboarding;

/// <summary>
/// A person (by account id) who works for a merchant. Identity grants them <c>merchant-staff</c> with
/// the merchant's <c>merchant_id</c> from <c>MerchantStaffAdded</c>, and takes it back from <c>MerchantStaffRemoved</c>.
/// </summary>
internal sealed class MerchantStaffMember
{
    public const string PrimaryKey = "pk_merchant_staff";

    private MerchantStaffMember()
    {
    }

    public Guid MerchantId { get; private set; }

    public Guid AccountId { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    /// <summary>Who added them: the verifying admin for the registrant, else a staff member (null for a partner system).</summary>
    public Guid? AddedBy { get; private set; }

    public static MerchantStaffMember Add(Guid merchantId, Guid accountId, Guid? addedBy, DateTimeOffset now) =>
        new() { MerchantId = merchantId, AccountId = accountId, AddedBy = addedBy, AddedAt = now };
}
