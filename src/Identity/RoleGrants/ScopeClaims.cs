using System.Security.Claims;
using Alliance.ServiceDefaults.Security;

namespace Alliance.Identity.RoleGrants;

/// <summary>
/// The claim that binds a role to its scope: a community admin to communities, a grid worker to
/// grid cells, a merchant's staff to merchants. Stored as ASP.NET Core Identity user claims, one
/// per community, cell or merchant.
/// </summary>
internal static class ScopeClaims
{
    public static string? For(string role) => role switch
    {
        Roles.CommunityAdmin => AllianceClaims.CommunityId,
        Roles.GridWorker => AllianceClaims.GridId,
        Roles.MerchantStaff => AllianceClaims.MerchantId,
        _ => null,
    };

    /// <summary>The scope claims a token carries: those of the roles the account holds, and no others.</summary>
    public static IEnumerable<(string Type, string[] Values)> Of(IEnumerable<string> roles, IEnumerable<Claim> claims)
    {
        var stored = claims.ToList();
        foreach (var type in roles.Select(For).OfType<string>().Distinct())
        {
            var values = stored.Where(c => c.Type == type).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (values.Length > 0)
            {
                yield return (type, values);
            }
        }
    }
}
