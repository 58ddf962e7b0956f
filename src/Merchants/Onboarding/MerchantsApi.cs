using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Validation;
using Alliance.Merchants.Data;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Onboarding;

internal sealed record RegisterMerchantRequest(
    [RequiredField] string? Name, [RequiredField] string? LicenceNumber, [RequiredField] IReadOnlyList<string>? Trade, [RequiredField] string? CommunityId,
    string? Address = null, string? ContactName = null, string? ContactMobile = null);

internal sealed record MerchantResponse(
    Guid Id, string Name, string LicenceNumber, IReadOnlyList<string> Trade, string CommunityId, MerchantStatus Status, DateTimeOffset RegisteredAt,
    string? Address, string? ContactName, string? ContactMobile, DateTimeOffset? VerifiedAt, DateTimeOffset? RejectedAt, string? RejectionReason,
    DateTimeOffset? SuspendedAt, string? SuspensionReason)
{
    /// <summary>The contact mobile in full for the merchant's staff, its registrant and admins of its community; masked for others.</summary>
    public static MerchantResponse From(Merchant merchant, ClaimsPrincipal caller)
    {
        var insider = caller.HasClaim(AllianceClaims.MerchantId, merchant.Id.ToString())
            || caller.AccountId() == merchant.RegisteredBy || caller.Covers(merchant.CommunityId);
        var mobile = merchant.ContactMobile is { } m && !insider ? ChineseFormats.MaskMobile(m) : merchant.ContactMobile;
        return new(
            merchant.Id, merchant.Name, merchant.LicenceNumber, merchant.Trade, merchant.CommunityId, merchant.Status, merchant.RegisteredAt,
            merchant.Address, merchant.ContactName, mobile, merchant.VerifiedAt, merchant.RejectedAt, merchant.RejectionReason,
            merchant.Status == MerchantStatus.Suspended ? merchant.SuspendedAt : null,
            merchant.Status == MerchantStatus.Suspended ? merchant.SuspensionReason : null);
    }
}

internal static class MerchantsApi
{
    public const string MerchantNotFound = "merchant_not_found";
    public const string LicenceTaken = "licence_already_registered";
    public const string NotPending = "merchant_not_pending";
    public const string NotVerified = "merchant_not_verified";
    public const string NotSuspended = "merchant_not_suspended";

    public static IEndpointRouteBuilder MapMerchantsApi(this IEndpointRouteBuilder app)
    {
        var merchants = app.MapGroup("/merchants").WithTags("Merchants");

        merchants.MapPost("/", RegisterAsync)
            .WithName("RegisterMerchant")
            .WithSummary("Registers a partner business as the signed-in person, pending verification: name, licence number "
                + "(GB 32100), trade (catalogue kind ids), community, and optionally address, contact name and contact mobile.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status409Conflict, LicenceTaken);

        merchants.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMerchant")
            .WithSummary("Reads one partner business; its contact mobile is masked except to its staff, registrant and admins of its community.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantNotFound);

        merchants.MapMerchantDecisions();
        merchants.MapStaffApi();
        return app;
    }

    private static async Task<Results<Created<MerchantResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterMerchantRequest request, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = Merchant.Check(request.Name, request.LicenceNumber, request.Trade, request.CommunityId, request.Address, request.ContactName, request.ContactMobile);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var merchant = Merchant.Register(
            caller.RequireAccountId(), request.Name!, request.LicenceNumber!, request.Trade!, request.CommunityId!, now,
            request.Address, request.ContactName, request.ContactMobile);
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

        return TypedResults.Created($"/merchants/{merchant.Id}", MerchantResponse.From(merchant, caller));
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, MerchantsDbContext db, CancellationToken ct)
    {
        var merchant = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return merchant is null
            ? ApiProblems.NotFound(MerchantNotFound, "No merchant has this id.")
            : TypedResults.Ok(MerchantResponse.From(merchant, caller));
    }
}
