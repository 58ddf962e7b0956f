using System.Security.Claims;
using Alliance.Identity.Accounts;
using Alliance.Identity.Data;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.RoleGrants;

/// <summary>A grant: the role, and its scope where it has one (a community admin's community, a grid worker's cells).</summary>
internal sealed record GrantRoleRequest([RequiredField] string? Role, string? CommunityId, IReadOnlyList<string>? GridIds);

/// <summary>The role as the account now holds it: the communities or cells it is bound to, null where the role has no scope.</summary>
internal sealed record RoleGrantResponse(Guid AccountId, string Role, IReadOnlyCollection<string>? CommunityIds, IReadOnlyCollection<string>? GridIds);

internal static class RolesApi
{
    public const string RoleNotHeld = "role_not_held";
    public const string LastStreetAdmin = "last_street_admin";
    public const string RoleChangeConflict = "role_change_conflict";

    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var roles = app.MapGroup("/identity/accounts/{id:guid}/roles").WithTags("Roles")
            .Access(AccessClass.ScopedAdmin)
            .RequireAuthorization(Policies.Admin);

        roles.MapPost("/", GrantAsync)
            .WithName("GrantRole")
            .WithSummary("Grants an admin role within the caller's scope: { role: street-admin } or { role: community-admin, communityId } "
                + "by a street admin; { role: grid-worker, gridIds: [...], communityId?: checks the cells are its } by a street admin, or by a "
                + "community admin for their own community's cells. Granting again adds cells or communities. volunteer and merchant-staff "
                + "follow Volunteers' and Merchants' events, and resident is everyone's: none of them is granted here (422). A grant out "
                + "of the caller's scope is refused before the account is looked up. Another change to the account's roles at the same "
                + "moment is a conflict. Takes effect at the next login or refresh.")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, RoleRules.OutOfScope)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountsApi.AccountNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, RoleChangeConflict)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, RoleRules.FollowsEvents, RoleRules.Everyones);

        roles.MapDelete("/{role}", RevokeAsync)
            .WithName("RevokeRole")
            .WithSummary("Revokes the role's bindings within the caller's scope (all of them for a street admin; a community admin's own "
                + "community's cells of a grid worker), or only those named by ?communityId= or ?gridId=...; a scoped role goes with its "
                + "last binding. Not found when the account holds none of it within the scope. No one revokes their own admin role, nor "
                + "the street's last street admin; volunteer, merchant-staff and resident are not revoked here. Takes effect at the next "
                + "login or refresh.")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, RoleRules.OutOfScope)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountsApi.AccountNotFound, RoleNotHeld)
            .ProducesProblems(StatusCodes.Status409Conflict, LastStreetAdmin, RoleChangeConflict)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, RoleRules.FollowsEvents, RoleRules.Everyones, RoleRules.OwnRole);

        return app;
    }

    private static async Task<Results<Ok<RoleGrantResponse>, ProblemHttpResult>> GrantAsync(
        Guid id, GrantRoleRequest request, ClaimsPrincipal caller, IdentityDbContext db, ILogger<RoleChange> logger, CancellationToken ct)
    {
        if (CheckRole(request.Role) is { } refused)
        {
            return refused;
        }

        var role = request.Role!;
        var errors = new FieldErrors();
        var scope = RoleRules.CheckScope(role, request.CommunityId, request.GridIds, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (!RoleRules.MayManage(caller, role, scope))
        {
            return OutOfScope(role);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var roles = await db.LoadRolesAsync(id, ct);
        if (roles is null)
        {
            return AccountNotFound();
        }

        var change = roles.Grant(role, scope);
        if (await SaveAsync(db, id, change, ct) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(ct);

        logger.LogInformation("Role {Role} granted to account {AccountId} by {CallerId}, bound to {Scope}", role, id, caller.AccountId(), scope);
        return TypedResults.Ok(ToResponse(id, role, roles));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, string role, [FromQuery] string? communityId, [FromQuery(Name = "gridId")] string[]? gridIds,
        ClaimsPrincipal caller, IdentityDbContext db, ILogger<RoleChange> logger, CancellationToken ct)
    {
        if (CheckRole(role) is { } refused)
        {
            return refused;
        }

        if (caller.AccountId() == id)
        {
            return ApiProblems.Unprocessable(RoleRules.OwnRole, "No one revokes their own admin role; another admin does.");
        }

        // Only the bindings named in the query, if any; else every one within the caller's scope.
        IReadOnlyList<string>? named = (role, communityId, gridIds) switch
        {
            (Roles.CommunityAdmin, { } community, _) => [community],
            (Roles.GridWorker, _, { Length: > 0 } grids) => grids,
            _ => null,
        };
        if (named is not null)
        {
            var errors = new FieldErrors();
            RoleRules.CheckScope(role, role == Roles.CommunityAdmin ? communityId : null, role == Roles.GridWorker ? named : null, errors);
            if (!errors.IsEmpty)
            {
                return ApiProblems.Validation(errors);
            }
        }

        var mayManage = named is not null
            ? RoleRules.MayManage(caller, role, named)
            : caller.IsStreetAdmin() || (role == Roles.GridWorker && caller.IsInRole(Roles.CommunityAdmin));
        if (!mayManage)
        {
            return OutOfScope(role);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var roles = await db.LoadRolesAsync(id, ct);
        if (roles is null)
        {
            return AccountNotFound();
        }

        var targets = ScopeClaims.For(role) is null ? null : named ?? RoleRules.RevocableBy(caller, role, roles.ScopeOf(role));
        var change = roles.Revoke(role, targets);
        if (change.IsNone)
        {
            return ApiProblems.NotFound(RoleNotHeld, "The account holds none of this role within your scope.");
        }

        if (change.Role == Roles.StreetAdmin && change.RoleRemoved && !await db.AnotherStreetAdminExistsAsync(id, ct))
        {
            return ApiProblems.Conflict(LastStreetAdmin, "This is the street's last street admin; grant the role to someone else first.");
        }

        if (await SaveAsync(db, id, change, ct) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(ct);

        logger.LogInformation("Role {Role} revoked from account {AccountId} by {CallerId}, unbound from {Scope}; role removed: {RoleRemoved}",
            role, id, caller.AccountId(), change.ScopeRemoved, change.RoleRemoved);
        return TypedResults.NoContent();
    }

    /// <summary>400 for an unknown role, 422 for one that admins do not assign.</summary>
    private static ProblemHttpResult? CheckRole(string? role)
    {
        if (string.IsNullOrEmpty(role) || !Roles.All.Contains(role))
        {
            return ApiProblems.Validation(new FieldErrors().Add("role", string.IsNullOrEmpty(role) ? "required" : "unknown_role"));
        }

        return RoleRules.RefusalFor(role) switch
        {
            RoleRules.FollowsEvents => ApiProblems.Unprocessable(RoleRules.FollowsEvents,
                "This role follows another service's facts: volunteer from Volunteers' verification, merchant-staff from Merchants' staff lists."),
            RoleRules.Everyones => ApiProblems.Unprocessable(RoleRules.Everyones, "Every account is a resident; it is neither granted nor revoked."),
            _ => null,
        };
    }

    private static async Task<ProblemHttpResult?> SaveAsync(IdentityDbContext db, Guid id, RoleChange change, CancellationToken ct)
    {
        if (change.IsNone)
        {
            return null;
        }

        await db.StageAsync(id, change, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
            || ex.IsUniqueViolation(IdentityDbContext.UniqueUserClaimIndex) || ex.IsUniqueViolation("pk_asp_net_user_roles"))
        {
            return ApiProblems.Conflict(RoleChangeConflict, "Another change to this account's roles came first; read them again and retry.");
        }
    }

    private static RoleGrantResponse ToResponse(Guid id, string role, AccountRoles roles) => new(
        id, role,
        role == Roles.CommunityAdmin ? roles.ScopeOf(role) : null,
        role == Roles.GridWorker ? roles.ScopeOf(role) : null);

    private static ProblemHttpResult OutOfScope(string role) =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, RoleRules.OutOfScope, $"Your role does not let you grant or revoke {role} here.");

    private static ProblemHttpResult AccountNotFound() => ApiProblems.NotFound(AccountsApi.AccountNotFound, "No account has this id.");
}
