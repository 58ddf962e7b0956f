using System.Security.Claims;
using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;

namespace Alliance.Identity.RoleGrants;

/// <summary>
/// Who may grant and revoke which role, and to what scope. A street admin manages street admins,
/// operators, community admins (bound to a community) and grid workers; a community admin manages grid
/// workers of their own community's cells; no one else manages roles. <c>volunteer</c> and
/// <c>merchant-staff</c> follow Volunteers' and Merchants' events, and <c>resident</c> is everyone's.
/// </summary>
internal static class RoleRules
{
    public const string FollowsEvents = "role_follows_events";
    public const string Everyones = "role_is_everyones";
    public const string OutOfScope = "role_out_of_scope";
    public const string OwnRole = "own_role_not_revocable";

    /// <summary>The roles an admin grants and revokes by hand.</summary>
    public static readonly IReadOnlyList<string> Assignable = [Roles.StreetAdmin, Roles.CommunityAdmin, Roles.GridWorker, Roles.Operator];

    /// <summary>Null for a role that admins manage; else the 422 code that says why not.</summary>
    public static string? RefusalFor(string role) => role switch
    {
        Roles.Volunteer or Roles.MerchantStaff => FollowsEvents,
        Roles.Resident => Everyones,
        _ => null,
    };

    /// <summary>
    /// Checks a grant's fields against the reference data and returns the scope it binds: the
    /// community of a community admin, the cells of a grid worker, nothing for a street admin.
    /// </summary>
    public static IReadOnlyList<string> CheckScope(string role, string? communityId, IReadOnlyList<string>? gridIds, FieldErrors errors)
    {
        var reference = ReferenceData.Current;
        var grids = gridIds ?? [];
        switch (role)
        {
            case Roles.StreetAdmin or Roles.Operator:
                errors.Check(communityId is null, "communityId", "not_for_this_role");
                errors.Check(grids.Count == 0, "gridIds", "not_for_this_role");
                return [];
            case Roles.CommunityAdmin:
                errors.Check(grids.Count == 0, "gridIds", "not_for_this_role");
                if (errors.Check(!string.IsNullOrEmpty(communityId), "communityId", "required"))
                {
                    errors.Check(reference.IsCommunity(communityId), "communityId", "unknown_community");
                }

                return [communityId ?? ""];
            case Roles.GridWorker:
                if (communityId is not null && !errors.Check(reference.IsCommunity(communityId), "communityId", "unknown_community"))
                {
                    return grids;
                }

                if (errors.Check(grids.Count > 0, "gridIds", "required") && errors.Check(grids.All(g => CommunityOfGrid(g) is not null), "gridIds", "unknown_grid"))
                {
                    errors.Check(communityId is null || grids.All(g => reference.IsGridOf(g, communityId)), "gridIds", "grid_not_in_community");
                }

                return grids;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role that admins assign.");
        }
    }

    /// <summary>
    /// Whether the caller may grant or revoke the role at these bindings: the decision needs the
    /// request alone, never the account, so a refusal says nothing about the account.
    /// </summary>
    public static bool MayManage(ClaimsPrincipal caller, string role, IEnumerable<string> scope) => role switch
    {
        Roles.StreetAdmin or Roles.CommunityAdmin or Roles.Operator => caller.IsStreetAdmin(),
        // A community admin covers every cell of their community; a grid worker manages no one.
        Roles.GridWorker => caller.IsStreetAdmin() || scope.All(g => CommunityOfGrid(g) is { } community && caller.Covers(community)),
        _ => false,
    };

    /// <summary>The bindings of the role that the caller may revoke, of those the account holds.</summary>
    public static IReadOnlyList<string> RevocableBy(ClaimsPrincipal caller, string role, IEnumerable<string> held) =>
        held.Where(value => MayManage(caller, role, [value])).ToList();

    public static string? CommunityOfGrid(string? gridId) =>
        ReferenceData.Current.Communities.FirstOrDefault(c => c.Grids.Any(g => g.Id == gridId))?.Id;
}
