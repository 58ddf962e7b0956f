using System.Security.Claims;
using Alliance.Contracts.Needs;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Needs.Board;

/// <summary>The object-level rules of a need, as named policies.</summary>
internal static class NeedPolicies
{
    /// <summary>The resident it is for, or an admin whose scope covers it (a grid worker of its grid, an admin of its community, a street admin).</summary>
    public const string Requester = "need-requester";

    /// <summary>Who answers for the resident: the resident, or for an assisted resident an admin whose scope covers the need (its grid worker).</summary>
    public const string Answerer = "need-answerer";

    /// <summary>The one who claimed it: the volunteer, the team's leader who claimed, or any staff of the claiming merchant.</summary>
    public const string Claimant = "need-claimant";

    /// <summary>An admin of the need's community, or a street admin.</summary>
    public const string DisputeResolver = "need-dispute-resolver";

    /// <summary>Who sees the address and phone (docs/domain.md): the requester's side always, the claimant's side from acceptance on.</summary>
    public const string Contact = "need-contact";

    /// <summary>Who sees the names of a need's people: the requester's side (from the claim on, since names come with it) and the claimant's side.</summary>
    public const string People = "need-people";

    public static AuthorizationBuilder AddNeedPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Need>(Requester, (user, need) => user.AccountId() == need.RequesterId || CoversPlace(user, need))
        .AddObjectPolicy<Need>(Answerer, (user, need) => user.AccountId() == need.RequesterId || (need.IsAssisted && CoversPlace(user, need)))
        .AddObjectPolicy<Need>(Claimant, (user, need) => need.ClaimantKind == ClaimantKind.Merchant
            ? IsStaffOf(user, need.ClaimantId)
            : need.ClaimedById is { } claimant && user.AccountId() == claimant)
        .AddObjectPolicy<Need>(DisputeResolver, (user, need) => user.AccountId() is not null && user.Covers(need.CommunityId))
        .AddObjectPolicy<Need>(Contact, (user, need) =>
            user.AccountId() is { } id && (id == need.RequesterId || CoversPlace(user, need) || need.IsClaimantSideFromAcceptance(id)
                || (need.ClaimantKind == ClaimantKind.Merchant && need.IsAcceptedOrLater && IsStaffOf(user, need.ClaimantId))))
        .AddObjectPolicy<Need>(People, (user, need) =>
            user.AccountId() is { } id && (id == need.RequesterId || CoversPlace(user, need) || need.IsClaimantSide(NeedActor.Of(user))));

    /// <summary>A person on the staff of the merchant: the merchant-staff role with the merchant's id (an account, never a partner system).</summary>
    public static bool IsStaffOf(ClaimsPrincipal user, Guid? merchantId) =>
        merchantId is { } merchant && user.AccountId() is not null && user.IsInRole(Roles.MerchantStaff)
        && user.HasClaim(AllianceClaims.MerchantId, merchant.ToString());

    private static bool CoversPlace(ClaimsPrincipal user, Need need) => user.AccountId() is not null && user.Covers(need.CommunityId, need.GridId);
}
