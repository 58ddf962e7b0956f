using System.Security.Claims;
using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Claims;

/// <summary>The claims a person made (for themselves, a team or a merchant) and those of a merchant, in every state, newest first.</summary>
internal static class ClaimListsApi
{
    public static IEndpointRouteBuilder MapClaimListsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/needs/claims").WithTags("Needs");

        claims.MapGet("/mine", MineAsync)
            .WithName("ListMyClaims")
            .WithSummary("The claims the caller made, for themselves, a team they lead or their merchant, in every state (released, declined and timed out too), newest first; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        claims.MapGet("/merchant", MerchantAsync)
            .WithName("ListMerchantClaims")
            .WithSummary("The needs the caller's merchant claimed (merchantId, or the one merchant the caller's token names), in every state, newest first, with which of its staff claimed; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, ClaimsApi.NotMerchantStaff);

        return app;
    }

    private static Task<Results<Ok<Page<ClaimSummary>>, ProblemHttpResult>> MineAsync(
        string? after, int? limit, ClaimsPrincipal caller, NeedsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        return PageAsync(db.Claims.Where(c => c.ClaimedById == me), after, limit, db, displayNames, ct);
    }

    private static async Task<Results<Ok<Page<ClaimSummary>>, ProblemHttpResult>> MerchantAsync(
        Guid? merchantId, string? after, int? limit, ClaimsPrincipal caller, NeedsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        var staffOf = NeedActor.Of(caller).StaffOf;
        if (merchantId is null && staffOf.Count > 1)
        {
            return ApiProblems.Validation(new FieldErrors().Add("merchantId", "required"));
        }

        var merchant = merchantId ?? staffOf.FirstOrDefault();

        if (!NeedPolicies.IsStaffOf(caller, merchant))
        {
            return NeedResults.Forbidden(ClaimsApi.NotMerchantStaff, "Only the merchant's own staff list its claims.");
        }

        return await PageAsync(db.Claims.Where(c => c.ClaimantKind == ClaimantKind.Merchant && c.ClaimantId == merchant), after, limit, db, displayNames, ct);
    }

    private static async Task<Results<Ok<Page<ClaimSummary>>, ProblemHttpResult>> PageAsync(
        IQueryable<NeedClaim> claims, string? after, int? limit, NeedsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        claims = claims.AsNoTracking();
        if (afterId is { } cursor)
        {
            if (!await claims.AnyAsync(c => c.Id == cursor, ct))
            {
                return ApiProblems.Validation(new FieldErrors().Add("after", "unknown_cursor"));
            }

            claims = claims.Where(c => c.Id.CompareTo(cursor) < 0);
        }

        var rows = await claims.OrderByDescending(c => c.Id).Take(take + 1)
            .Join(db.Needs.AsNoTracking().IgnoreAutoIncludes(), c => c.NeedId, n => n.Id, (c, n) => new { Claim = c, Need = n })
            .OrderByDescending(r => r.Claim.Id)
            .ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).Select(r => r.Claim.ClaimedById), ct);
        return TypedResults.Ok(Paging.Of(rows, take, r => r.Claim.Id, r => ClaimSummary.From(r.Claim, r.Need, names)));
    }
}
