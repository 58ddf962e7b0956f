using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Merchants.Onboarding;

/// <summary>The object-level rules of a merchant, as named policies.</summary>
internal static class MerchantPolicies
{
    /// <summary>
    /// Only the merchant's own staff (or its partner system), by the token's <c>merchant_id</c>,
    /// manage its offers and redemptions.
    /// </summary>
    public const string Staff = "merchant-staff";

    /// <summary>An admin whose community covers the merchant's, who is not the one who registered it.</summary>
    public const string ScopedAdmin = "merchant-scoped-admin";

    public static AuthorizationBuilder AddMerchantPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Merchant>(Staff, (user, merchant) => user.HasClaim(AllianceClaims.MerchantId, merchant.Id.ToString()))
        .AddObjectPolicy<Merchant>(ScopedAdmin, (user, merchant) => user.AccountId() != merchant.RegisteredBy && user.Covers(merchant.CommunityId));
}
