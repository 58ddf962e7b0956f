using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Merchants.Redemptions;

/// <summary>Who may read a redemption, and how much of its code each sees.</summary>
internal static class RedemptionPolicies
{
    /// <summary>The volunteer it was issued to: they see the code in full.</summary>
    public const string Holder = "redemption-holder";

    /// <summary>The merchant's staff or partner system, by the token's <c>merchant_id</c>: they see the code masked.</summary>
    public const string Counter = "redemption-counter";

    public static AuthorizationBuilder AddRedemptionPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Redemption>(Holder, (user, redemption) => user.AccountId() == redemption.VolunteerId)
        .AddObjectPolicy<Redemption>(Counter, (user, redemption) => user.HasClaim(AllianceClaims.MerchantId, redemption.MerchantId.ToString()));
}
