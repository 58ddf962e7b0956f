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

internal sealed record AddStaffRequest(Guid? AccountId);

internal sealed record StaffMemberResponse(Guid AccountId, DateTimeOffset AddedAt);

/// <summary>A verified merchant's staff manage its staff accounts, by account id; Identity follows the events.</summary>
internal static class StaffApi
{
    public const string AlreadyStaff = "already_staff";
    public const string NotStaff = "staff_not_found";
    public const string LastStaffMember = "last_staff_member";

    public static RouteGroupBuilder MapStaffApi(this RouteGroupBuilder merchants)
    {
        var staff = merchants.MapGroup("/{id:guid}/staff").WithTags("Merchant staff")
            .Access(AccessClass.Owner)
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapGet("/", ListAsync)
            .WithName("ListMerchantStaff")
            .WithSummary("The merchant's staff accounts, for its staff and its partner system.");

        staff.MapPost("/", AddAsync)
            .WithName("AddMerchantStaff")
            .WithSummary("Adds a person (by account id) to the merchant's staff: MerchantStaffAdded, and Identity grants merchant-staff "
                + "with this merchant_id at their next login. 409 already_staff, 409 merchant_not_verified.")
            .NamesPeople("accountId")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapDelete("/{accountId:guid}", RemoveAsync)
            .WithName("RemoveMerchantStaff")
            .WithSummary("Removes a staff member: MerchantStaffRemoved, and Identity takes this merchant_id back. "
                + "404 staff_not_found; 409 last_staff_member, so a merchant never loses its last person.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return merchants;
    }

    private static async Task<Results<Ok<IReadOnlyList<StaffMemberResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        if (await FindOwnAsync(id, caller, db, authorization, ct) is null)
        {
            return NotFound();
        }

        var staff = await db.Staff.AsNoTracking().Where(s => s.MerchantId == id).OrderBy(s => s.AddedAt)
            .Select(s => new StaffMemberResponse(s.AccountId, s.AddedAt)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<StaffMemberResponse>>(staff);
    }

    private static async Task<Results<Created<StaffMemberResponse>, ProblemHttpResult>> AddAsync(
        Guid id, AddStaffRequest request, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<MerchantStaffMember> logger, CancellationToken ct)
    {
        if (request.AccountId is not { } accountId || accountId == Guid.Empty)
        {
            return ApiProblems.Validation(new FieldErrors().Add("accountId", "required"));
        }

        var merchant = await FindOwnAsync(id, caller, db, authorization, ct);
        if (merchant is null)
        {
            return NotFound();
        }

        if (!merchant.IsVerified)
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "Only a verified business has staff.");
        }

        var now = time.GetUtcNow();
        var member = MerchantStaffMember.Add(id, accountId, caller.AccountId(), now);
        db.Staff.Add(member);
        db.Publish(new MerchantStaffAdded(Guid.CreateVersion7(now), now, null, id, accountId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(MerchantStaffMember.PrimaryKey))
        {
            return ApiProblems.Conflict(AlreadyStaff, "This person is already on the staff.");
        }

        logger.LogInformation("Staff {AccountId} added to merchant {MerchantId}", accountId, id);
        return TypedResults.Created($"/merchants/{id}/staff/{accountId}", new StaffMemberResponse(accountId, now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid id, Guid accountId, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<MerchantStaffMember> logger, CancellationToken ct)
    {
        var merchant = await FindOwnAsync(id, caller, db, authorization, ct);
        if (merchant is null)
        {
            return NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The merchant's row, locked: two removals at once cannot both leave it without staff.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM merchants WHERE id = {id} FOR UPDATE", ct);
        var staff = await db.Staff.Where(s => s.MerchantId == id).ToListAsync(ct);
        if (staff.FirstOrDefault(s => s.AccountId == accountId) is not { } member)
        {
            return ApiProblems.NotFound(NotStaff, "This person is not on the staff.");
        }

        if (staff.Count == 1)
        {
            return ApiProblems.Conflict(LastStaffMember, "The last staff member cannot be removed.");
        }

        var now = time.GetUtcNow();
        db.Staff.Remove(member);
        db.Publish(new MerchantStaffRemoved(Guid.CreateVersion7(now), now, null, id, accountId));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Staff {AccountId} removed from merchant {MerchantId}", accountId, id);
        return TypedResults.NoContent();
    }

    /// <summary>The merchant, if the caller is its staff or its partner system; null otherwise, so others cannot tell it exists.</summary>
    internal static async Task<Merchant?> FindOwnAsync(Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        return merchant is not null && await authorization.AllowsAsync(caller, merchant, MerchantPolicies.Staff) ? merchant : null;
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of yours has this id.");
}
