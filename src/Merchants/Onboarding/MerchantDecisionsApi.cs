using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Merchants.Data;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Onboarding;

internal sealed record RejectMerchantRequest([RequiredField] string? Reason);

internal sealed record SuspendMerchantRequest([RequiredField] string? Reason);

/// <summary>
/// Verification by an admin of the merchant's community, rejection by a street admin (pending businesses
/// only); suspension and reinstatement of a verified business by a street admin.
/// </summary>
internal static class MerchantDecisionsApi
{
    public const string StreetAdminOnly = "street_admin_only";

    public static RouteGroupBuilder MapMerchantDecisions(this RouteGroupBuilder merchants)
    {
        merchants.MapPost("/{id:guid}/verification", VerifyAsync)
            .WithName("VerifyMerchant")
            .WithSummary("A community admin (or street admin) verifies a pending business of their community: MerchantVerified, and its "
                + "registrant becomes its first staff member (MerchantStaffAdded). A business that is not pending is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotPending);

        merchants.MapPost("/{id:guid}/rejection", RejectAsync)
            .WithName("RejectMerchant")
            .WithSummary("A street admin rejects a pending business with a reason (1–500 characters): MerchantRejected. "
                + "Other admins are refused; a business already decided is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotPending);

        merchants.MapPost("/{id:guid}/suspension", SuspendAsync)
            .WithName("SuspendMerchant")
            .WithSummary("A street admin suspends a verified business with a reason (1–500 characters): MerchantSuspended, its offers leave "
                + "the catalogue and cannot be booked or redeemed, it cannot claim needs, and its staff lose merchant-staff for it "
                + "(MerchantStaffRemoved each; the staff list stays). Other admins are refused; a business that is not verified is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotVerified);

        merchants.MapPost("/{id:guid}/reinstatement", ReinstateAsync)
            .WithName("ReinstateMerchant")
            .WithSummary("A street admin reinstates a suspended business: verified again (MerchantReinstated), and its staff get "
                + "merchant-staff back (MerchantStaffAdded each). Other admins are refused; a business that is not suspended is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotSuspended);
        return merchants;
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> SuspendAsync(
        Guid id, SuspendMerchantRequest request, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Merchant> logger, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, StreetAdminOnly, "Only a street admin suspends a business.");
        }

        if (Merchant.CheckReason(request.Reason) is { IsEmpty: false } errors)
        {
            return ApiProblems.Validation(errors);
        }

        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (merchant is null || !await authorization.AllowsAsync(caller, merchant, MerchantPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business has this id (or it is one you registered).");
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!merchant.Suspend(admin, request.Reason!, now))
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, $"Only a verified business can be suspended; this one is {StatusOf(merchant)}.");
        }

        db.Publish(new MerchantSuspended(Guid.CreateVersion7(now), now, null, merchant.Id, admin));
        await PublishForEachStaffMemberAsync(db, merchant.Id, account => new MerchantStaffRemoved(Guid.CreateVersion7(now), now, null, merchant.Id, account), ct);
        if (!await TrySaveAsync(db, ct))
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "The business changed while it was being suspended; read it again.");
        }

        logger.LogInformation("Merchant {MerchantId} suspended by {AdminId}", merchant.Id, admin);
        return TypedResults.Ok(MerchantResponse.From(merchant, caller));
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> ReinstateAsync(
        Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Merchant> logger, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, StreetAdminOnly, "Only a street admin reinstates a business.");
        }

        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (merchant is null || !await authorization.AllowsAsync(caller, merchant, MerchantPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business has this id (or it is one you registered).");
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!merchant.Reinstate())
        {
            return ApiProblems.Conflict(MerchantsApi.NotSuspended, $"Only a suspended business can be reinstated; this one is {StatusOf(merchant)}.");
        }

        db.Publish(new MerchantReinstated(Guid.CreateVersion7(now), now, null, merchant.Id, admin));
        await PublishForEachStaffMemberAsync(db, merchant.Id, account => new MerchantStaffAdded(Guid.CreateVersion7(now), now, null, merchant.Id, account), ct);
        if (!await TrySaveAsync(db, ct))
        {
            return ApiProblems.Conflict(MerchantsApi.NotSuspended, "The business changed while it was being reinstated; read it again.");
        }

        logger.LogInformation("Merchant {MerchantId} reinstated by {AdminId}", merchant.Id, admin);
        return TypedResults.Ok(MerchantResponse.From(merchant, caller));
    }

    /// <summary>One event per staff member, in the decision's commit: Identity asks Merchants about each and follows.</summary>
    private static async Task PublishForEachStaffMemberAsync<TEvent>(MerchantsDbContext db, Guid merchantId, Func<Guid, TEvent> create, CancellationToken ct)
        where TEvent : class, Alliance.Contracts.Events.IIntegrationEvent
    {
        foreach (var account in await db.Staff.Where(s => s.MerchantId == merchantId).Select(s => s.AccountId).ToListAsync(ct))
        {
            db.Publish(create(account));
        }
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
            return ApiProblems.Conflict(MerchantsApi.NotPending, $"Only a pending business can be verified; this one is {StatusOf(merchant)}.");
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

        if (Merchant.CheckReason(request.Reason) is { IsEmpty: false } errors)
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
            return ApiProblems.Conflict(MerchantsApi.NotPending, $"Only a pending business can be rejected; this one is {StatusOf(merchant)}.");
        }

        db.Publish(new MerchantRejected(Guid.CreateVersion7(now), now, null, merchant.Id, admin));
        if (!await TrySaveAsync(db, ct))
        {
            return ApiProblems.Conflict(MerchantsApi.NotPending, "The business changed while it was being rejected; read it again.");
        }

        logger.LogInformation("Merchant {MerchantId} rejected by {AdminId}", merchant.Id, admin);
        return TypedResults.Ok(MerchantResponse.From(merchant, caller));
    }

    /// <summary>The status as the API writes it (<c>pending</c>), so a problem's words name it as its reader sees it.</summary>
    private static string StatusOf(Merchant merchant) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(merchant.Status.ToString());

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
