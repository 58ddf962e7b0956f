using Alliance.Identity.Data;
using Alliance.Identity.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.RoleGrants;

/// <summary>Loads an account's roles and scope claims, and stages a change on the DbContext for the caller's save.</summary>
internal static class RoleStore
{
    /// <summary>
    /// Null when no account has this id. Inside a transaction the account's row stays locked until
    /// it ends, so two changes to one account's roles run one after the other, each on what the
    /// other left (a revoke of the last cell cannot drop the role under a concurrent grant).
    /// </summary>
    public static async Task<AccountRoles?> LoadRolesAsync(this IdentityDbContext db, Guid accountId, CancellationToken ct)
    {
        var locked = await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM \"AspNetUsers\" WHERE id = {accountId} FOR UPDATE").ToListAsync(ct);
        if (locked.Count == 0)
        {
            return null;
        }

        var roles = await db.UserRoles.Where(r => r.UserId == accountId)
            .Join(db.Roles, granted => granted.RoleId, role => role.Id, (_, role) => role.Name!)
            .ToListAsync(ct);
        var claims = await db.UserClaims.Where(c => c.UserId == accountId && c.ClaimType != null && c.ClaimValue != null)
            .Select(c => new { c.ClaimType, c.ClaimValue })
            .ToListAsync(ct);
        return new AccountRoles(roles, claims.Select(c => (c.ClaimType!, c.ClaimValue!)));
    }

    public static async Task StageAsync(this IdentityDbContext db, Guid accountId, RoleChange change, CancellationToken ct)
    {
        var roleId = RoleSeed.IdOf(change.Role);
        if (change.RoleAdded)
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = accountId, RoleId = roleId });
        }

        if (change.RoleRemoved)
        {
            db.UserRoles.Remove(new IdentityUserRole<Guid> { UserId = accountId, RoleId = roleId });
        }

        foreach (var value in change.ScopeAdded)
        {
            db.UserClaims.Add(new IdentityUserClaim<Guid> { UserId = accountId, ClaimType = change.ClaimType, ClaimValue = value });
        }

        if (change.ScopeRemoved.Count > 0)
        {
            db.UserClaims.RemoveRange(await db.UserClaims
                .Where(c => c.UserId == accountId && c.ClaimType == change.ClaimType && change.ScopeRemoved.Contains(c.ClaimValue!))
                .ToListAsync(ct));
        }
    }

    /// <summary>
    /// Whether anyone but this account is a street admin. Locks the street-admin role's row first, so
    /// two admins revoking each other at once cannot leave the street with none.
    /// </summary>
    public static async Task<bool> AnotherStreetAdminExistsAsync(this IdentityDbContext db, Guid accountId, CancellationToken ct)
    {
        var roleId = RoleSeed.IdOf(Alliance.ServiceDefaults.Security.Roles.StreetAdmin);
        await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM \"AspNetRoles\" WHERE id = {roleId} FOR UPDATE").ToListAsync(ct);
        return await db.UserRoles.AnyAsync(r => r.RoleId == roleId && r.UserId != accountId, ct);
    }
}
