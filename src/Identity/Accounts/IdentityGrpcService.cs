using Alliance.Contracts.Identity;
using Alliance.Identity.Data;
using Alliance.Identity.RoleGrants;
using Alliance.Identity.Tokens;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.Accounts;

/// <summary>The one source of a person's mobile, for services whose rules let them show it, and of who is an assisted resident where.</summary>
internal sealed class IdentityGrpcService(UserManager<Account> users, IdentityDbContext db) : IdentityService.IdentityServiceBase
{
    /// <summary>The most ids <c>GetDisplayNames</c> answers at once.</summary>
    public const int MaxNamesPerCall = 500;

    public const int MaxSearchLimit = 200;

    /// <summary>More holders of one place's role than anyone would notify; a bound, not a page.</summary>
    public const int MaxRoleHolders = 500;

    /// <summary>Volunteers and Needs show a contact where their rules allow; Notifications sends a person's SMS to it.</summary>
    [InternalCallers("volunteers", "needs", "notifications")]
    public override async Task<ContactReply> GetContact(GetContactRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.AccountId, "account_id");

        var account = await users.FindByIdAsync(id.ToString())
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No account has this id."));

        return new ContactReply
        {
            AccountId = account.Id.ToString(),
            Mobile = account.PhoneNumber ?? "",
            DisplayName = account.DisplayName,
            Assisted = account.IsAssisted && account.PasswordHash is null,
            CommunityId = account.CommunityId ?? "",
            GridId = account.GridId ?? "",
        };
    }

    /// <summary>Every service that lists people shows their names; none keeps them.</summary>
    [InternalCallers("needs", "volunteers", "teams", "merchants", "points", "notifications")]
    public override async Task<DisplayNamesReply> GetDisplayNames(GetDisplayNamesRequest request, ServerCallContext context)
    {
        if (request.AccountIds.Count > MaxNamesPerCall)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxNamesPerCall} account ids a call."));
        }

        var ids = request.AccountIds.Select(id => GrpcIds.Parse(id, "account_ids")).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName, a.ErasedAt, a.AnonymousOnLeaderboards })
            .ToListAsync(context.CancellationToken);

        var reply = new DisplayNamesReply();
        reply.Names.AddRange(accounts.Select(a => new PersonName
        {
            AccountId = a.Id.ToString(),
            DisplayName = a.ErasedAt is null ? a.DisplayName : "",
            Erased = a.ErasedAt is not null,
            AnonymousOnLeaderboards = a.AnonymousOnLeaderboards,
        }));
        return reply;
    }

    /// <summary>Leaders and admins look for a volunteer to invite or pair; Volunteers filters the ids by its own rules and the caller's scope.</summary>
    [InternalCallers("volunteers", "teams")]
    public override async Task<SearchDisplayNamesReply> SearchDisplayNames(SearchDisplayNamesRequest request, ServerCallContext context)
    {
        var prefix = request.Prefix.Trim();
        if (prefix.Length is 0 or > Account.MaxDisplayNameLength)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"prefix must have 1 to {Account.MaxDisplayNameLength} characters."));
        }

        if (request.Limit is < 1 or > MaxSearchLimit)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be 1 to {MaxSearchLimit}."));
        }

        // lower(display_name) LIKE 'prefix%' with the prefix's own wildcards escaped, which the partial
        // text_pattern_ops index on lower(display_name) answers.
        var pattern = EscapeLike(prefix.ToLowerInvariant()) + "%";
        // ToLower() here is PostgreSQL's lower(), run by the database, not the process's culture.
#pragma warning disable CA1304, CA1311
        var ids = await db.Users.AsNoTracking()
            .Where(a => a.ErasedAt == null && EF.Functions.Like(a.DisplayName.ToLower(), pattern, @"\"))
#pragma warning restore CA1304, CA1311
            .OrderBy(a => a.DisplayName).ThenBy(a => a.Id)
            .Select(a => a.Id)
            .Take(request.Limit)
            .ToListAsync(context.CancellationToken);

        var reply = new SearchDisplayNamesReply();
        reply.AccountIds.AddRange(ids.Select(id => id.ToString()));
        return reply;
    }

    /// <summary>Notifications tells a place's grid workers and admins of escalated claims and overdue visits.</summary>
    [InternalCallers("notifications")]
    public override async Task<RoleHoldersReply> GetRoleHolders(GetRoleHoldersRequest request, ServerCallContext context)
    {
        var claimType = ScopeClaims.For(request.Role);
        var scope = request.Scope.Trim();
        if (claimType is null || scope.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "role must be one bound to a place (grid-worker, community-admin, merchant-staff), with its scope."));
        }

        var roleId = RoleSeed.IdOf(request.Role);
        var ids = await db.UserRoles.AsNoTracking()
            .Where(r => r.RoleId == roleId)
            .Join(db.UserClaims.Where(c => c.ClaimType == claimType && c.ClaimValue == scope), r => r.UserId, c => c.UserId, (r, _) => r.UserId)
            .Join(db.Users.Where(a => a.ErasedAt == null), id => id, a => a.Id, (id, _) => id)
            .Distinct()
            .OrderBy(id => id)
            .Take(MaxRoleHolders)
            .ToListAsync(context.CancellationToken);

        var reply = new RoleHoldersReply();
        reply.AccountIds.AddRange(ids.Select(id => id.ToString()));
        return reply;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
