using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Merchants.Data;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Onboarding;

internal sealed record RejectMerchantRequest(string? Reason);

/// <summary>Verification by an admin of the merchant's community, rejection by a street admin: pending businesses only.</summary>
internal static class MerchantDecisionsApi
{
    public const string StreetAdminOnly = "street_admin_only";

    public static RouteGroupBuilder MapMerchantDecisions(this RouteGroupBuilder merchants)
    {
        merchants.MapPost("/{id:guid}/verification", VerifyAsync)
            .WithName("VerifyMerchant")
            .WithSummary("A community admin (or street admin) verifies a pending business of their community: MerchantVerified, and its "
                + "registrant becomes its first staff member (MerchantStaffAdded). 409 merchant_not_pending otherwise.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        merchants.MapPost("/{id:guid}/rejection", RejectAsync)
            .WithName("RejectMerchant")
            .WithSummary("A street admin rejects a pending business with a reason (1–500 characters): MerchantRejected. "
                + "403 street_admin_only for other admins; 409 merchant_not_pending for one already decided.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return merchants;
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> VerifyAsync(
        Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<Merchant> logger, CancellationToken ct)
    {
        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (merchant is null || !await authorization.AllowsAsync(caller, merchant, MerchantPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of your community has this id.");
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!merchant.Verify(admin, now))
        {
            return ApiProblems.Conflict(MerchantsApi.NotPending, $"Only a pending business can be verified; this one is {merchant.Status}.");
        }

        // The registrant becomes staff: Identity grants merchant-staff with this merchant's id.
        db.Staff.Add(MerchantStaffMember.Add(merchant.Id, merchant.RegisteredBy, admin, now));
        db.Publish(new MerchantVerified(Guid.CreateVersion7(now), now, null, merchant.Id, merchant.CommunityId, admin));
        db.Publish(new MerchantStaffAdded(Guid.CreateVersion7(now), now, null, merchant.Id, merchant.RegisteredBy));
        if (!await TrySaveAsync(db, ct))
        {
            return ApiProblems.Conflict(MerchantsApi.NotPending, "The business changed while it was being verified; read it again.");
        }

        logger.LogInformation("Merchant {MerchantId} verified by {AdminId}", merchant.Id, admin);
        return TypedResults.Ok(MerchantResponse.From(merchant, caller));
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> RejectAsync(
        Guid id, RejectMerchantRequest request, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Merchant> logger, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, StreetAdminOnly, "Only a street admin rejects a business.");
        }

        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= Merchant.MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (merchant is null || !await authorization.AllowsAsync(caller, merchant, MerchantPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business has this id.");
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!merchant.Reject(admin, request.Reason!, now))
        {
            return ApiProblems.Conflict(MerchantsApi.NotPending, $"Only a pending business can be rejected; this one is {merchant.Status}.");
        }

        db.Publish(new MerchantRejected(Guid.CreateVersion7(now), now, null, merchant.Id, admin));
        if (!await TrySaveAsync(db, ct))
        {
            return ApiProblems.Conflict(MerchantsApi.NotPending, "The business changed while it was being rejected; read it again.");
        }

        logger.LogInformation("Merchant {MerchantId} rejected by {AdminId}", merchant.Id, admin);
        return TypedResults.Ok(MerchantResponse.From(merchant, caller));
    }

    private static async Task<bool> TrySaveAsync(MerchantsDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
