using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Needs.Board;

/// <summary>The object-level rules of a need, as named policies.</summary>
internal static class NeedPolicies
{
    /// <summary>The resident who posted it, or an admin (grid worker, community or street admin) whose scope covers it.</summary>
    public const string Requester = "need-requester";

    /// <summary>The one who claimed it.</summary>
    public const string Claimant = "need-claimant";

    public static AuthorizationBuilder AddNeedPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Need>(Requester, (user, need) => user.AccountId() == need.RequesterId || user.Covers(need.CommunityId))
        .AddObjectPolicy<Need>(Claimant, (user, need) => need.ClaimantId is { } claimant && user.AccountId() == claimant);
}
