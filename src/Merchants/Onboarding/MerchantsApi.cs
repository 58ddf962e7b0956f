using Alliance.Contracts.Merchants;
using Alliance.Merchants.Data;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
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

    public static IEndpointRouteBuilder MapMerchantsApi(this IEndpointRouteBuilder app)
    {
        var merchants = app.MapGroup("/merchants").WithTags("Merchants");

        merchants.MapPost("/", RegisterAsync)
            .WithName("RegisterMerchant")
            .WithSummary("Registers a partner business, pending verification (provisional shape).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        merchants.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMerchant")
            .WithSummary("Reads one partner business.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Results<Created<MerchantResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterMerchantRequest request, MerchantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = Merchant.Check(request.Name, request.LicenceNumber, request.Trade, request.CommunityId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var merchant = Merchant.Register(request.Name!, request.LicenceNumber!, request.Trade!, request.CommunityId!, now);
        db.Merchants.Add(merchant);
        db.Publish(new MerchantRegistered(Guid.CreateVersion7(now), now, null, merchant.Id, merchant.CommunityId));
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
}
