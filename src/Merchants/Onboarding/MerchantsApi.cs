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

internal sealed record RegisterMerchantRequest(string? Name, string? LicenceNumber, IReadOnlyList<string>? Trade, string? CommunityId);

internal sealed record MerchantResponse(
    Guid Id, string Name, string LicenceNumber, IReadOnlyList<string> Trade, string CommunityId, MerchantStatus Status, DateTimeOffset RegisteredAt)
{
    public static MerchantResponse From(Merchant merchant) => new(
        merchant.Id, merchant.Name, merchant.LicenceNumber, merchant.Trade, merchant.CommunityId, merchant.Status, merchant.RegisteredAt);
}

internal static class MerchantsApi
{
    public const string MerchantNotFound = "merchant_not_found";
    public const string LicenceTaken = "licence_already_registered";
    public const string NotPending = "merchant_not_pending";

    public static IEndpointRouteBuilder MapMerchantsApi(this IEndpointRouteBuilder app)
    {
        var merchants = app.MapGroup("/merchants").WithTags("Merchants");

        merchants.MapPost("/", RegisterAsync)
            .WithName("RegisterMerchant")
            .WithSummary("Registers a partner business as the signed-in person, pending verification (provisional shape).")
            .Access(AccessClass.SignedIn)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        merchants.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMerchant")
            .WithSummary("Reads one partner business.")
            .Access(AccessClass.SignedIn)
            .ProducesProblem(StatusCodes.Status404NotFound);

        merchants.MapPost("/{id:guid}/verification", VerifyAsync)
            .WithName("VerifyMerchant")
            .WithSummary("A community admin (or street admin) verifies a pending business of their community; its registrant becomes its first staff member.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static async Task<Results<Created<MerchantResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterMerchantRequest request, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = Merchant.Check(request.Name, request.LicenceNumber, request.Trade, request.CommunityId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var merchant = Merchant.Register(caller.RequireAccountId(), request.Name!, request.LicenceNumber!, request.Trade!, request.CommunityId!, now);
        db.Merchants.Add(merchant);
        db.Publish(new MerchantRegistered(Guid.CreateVersion7(now), now, null, merchant.Id, merchant.RegisteredBy, merchant.CommunityId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Merchant.UniqueLicenceIndex))
        {
            return ApiProblems.Conflict(LicenceTaken, "A business with this licence number is already registered.");
        }

        return TypedResults.Created($"/merchants/{merchant.Id}", MerchantResponse.From(merchant));
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> GetAsync(Guid id, MerchantsDbContext db, CancellationToken ct)
    {
        var merchant = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return merchant is null
            ? ApiProblems.NotFound(MerchantNotFound, "No merchant has this id.")
            : TypedResults.Ok(MerchantResponse.From(merchant));
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> VerifyAsync(
        Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<Merchant> logger, CancellationToken ct)
    {
        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (merchant is null || !await authorization.AllowsAsync(caller, merchant, MerchantPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(MerchantNotFound, "No business of your community has this id.");
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!merchant.Verify(admin, now))
        {
            return ApiProblems.Conflict(NotPending, $"Only a pending business can be verified; this one is {merchant.Status}.");
        }

        // The registrant becomes staff: Identity grants merchant-staff with this merchant's id.
        db.Publish(new MerchantStaffAdded(Guid.CreateVersion7(now), now, null, merchant.Id, merchant.RegisteredBy));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict(NotPending, "The business changed while it was being verified; read it again.");
        }

        logger.LogInformation("Merchant {MerchantId} verified by {AdminId}", merchant.Id, admin);
        return TypedResults.Ok(MerchantResponse.From(merchant));
    }
}
