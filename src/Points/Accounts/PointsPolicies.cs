using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Points.Accounts;

/// <summary>The object-level rules of a points account, as named policies. No one writes points through the API.</summary>
internal static class PointsPolicies
{
    /// <summary>The volunteer whose account it is, or a street admin (points accounts belong to no one community).</summary>
    public const string Holder = "points-holder";

    public static AuthorizationBuilder AddPointsPolicies(this AuthorizationBuilder policies) =>
        policies.AddObjectPolicy<PointsAccount>(Holder, (user, account) => user.AccountId() == account.VolunteerId || user.IsStreetAdmin());
}
