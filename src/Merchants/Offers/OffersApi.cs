using System.Security.Claims;
using Alliance.Contracts.Time;
using Alliance.Merchants.Data;
using Alliance.Merchants.Onboarding;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Offers;

internal sealed record PublishOfferRequest(
    [RequiredField] string? Title, string? Description, [RequiredField] OfferKind? Kind, int? PriceFen, int? PointsCost,
    [RequiredField] DateOnly? ValidFrom, [RequiredField] DateOnly? ValidUntil, int? Quota, [RequiredField] QuotaPeriod? QuotaPeriod, Eligibility? Eligibility);

internal sealed record OfferResponse(
    Guid Id, Guid MerchantId, string Title, string Description, OfferKind Kind, int? PriceFen, int? PointsCost,
    DateOnly ValidFrom, DateOnly ValidUntil, int Quota, QuotaPeriod QuotaPeriod, Eligibility Eligibility, OfferStatus Status, DateTimeOffset PublishedAt)
{
    public static OfferResponse From(Offer o) => new(
        o.Id, o.MerchantId, o.Title, o.Description, o.Kind, o.PriceFen, o.PointsCost, o.ValidFrom, o.ValidUntil,
        o.Quota, o.QuotaPeriod, o.Eligibility, o.Status, o.PublishedAt);
}

internal static class OffersApi
{
    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/merchants/{id:guid}/offers", PublishAsync).WithTags("Offers")
            .WithName("PublishOffer")
            .WithSummary("The merchant's staff (or its partner system) publish an offer: publicBenefit (free), lowCost (priceFen > 0) or "
                + "pointsReward (pointsCost > 0); validFrom/validUntil are dates (Asia/Shanghai, inclusive); quota units per day, week or "
                + "month; eligibility { aged60OrOver, verifiedVolunteersOnly, communityId }. A business that is not verified now publishes none.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotVerified);

        app.MapPost("/merchants/offers/{offerId:guid}/withdrawal", WithdrawAsync).WithTags("Offers")
            .WithName("WithdrawOffer")
            .WithSummary("The merchant's staff withdraw an offer: no new bookings or redemptions; those made stand. One already withdrawn is a conflict.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, OfferErrors.NotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, OfferErrors.Withdrawn);

        app.MapGet("/merchants/offers", ListAsync).WithTags("Offers")
            .WithName("ListOffers")
            .WithSummary("Active offers of verified merchants valid today or later, newest first in id order: ?kind=, ?merchantId=, "
                + "?communityId= (offers open to that community or to all), ?limit=&after=.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        app.MapGet("/merchants/offers/{offerId:guid}", GetAsync).WithTags("Offers")
            .WithName("GetOffer")
            .WithSummary("Reads one offer, with the units of its quota left in the current period.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, OfferErrors.NotFound);
        return app;
    }

    private static async Task<Results<Created<OfferResponse>, ProblemHttpResult>> PublishAsync(
        Guid id, PublishOfferRequest request, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Offer> logger, CancellationToken ct)
    {
        var errors = Offer.Check(request.Title, request.Description, request.Kind, request.PriceFen, request.PointsCost,
            request.ValidFrom, request.ValidUntil, request.Quota, request.QuotaPeriod, request.Eligibility);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var merchant = await StaffApi.FindOwnAsync(id, caller, db, authorization, ct);
        if (merchant is null)
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of yours has this id.");
        }

        if (!merchant.IsVerified)
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "Only a verified business publishes offers.");
        }

        var offer = Offer.Publish(merchant.Id, caller.AccountId(), request.Title!, request.Description, request.Kind!.Value, request.PriceFen,
            request.PointsCost, request.ValidFrom!.Value, request.ValidUntil!.Value, request.Quota!.Value, request.QuotaPeriod!.Value,
            request.Eligibility, time.GetUtcNow());
        db.Offers.Add(offer);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Offer {OfferId} ({Kind}) published by merchant {MerchantId}", offer.Id, offer.Kind, merchant.Id);
        return TypedResults.Created($"/merchants/offers/{offer.Id}", OfferResponse.From(offer));
    }

    private static async Task<Results<Ok<OfferResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid offerId, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var offer = await db.Offers.FirstOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null || await StaffApi.FindOwnAsync(offer.MerchantId, caller, db, authorization, ct) is null)
        {
            return ApiProblems.NotFound(OfferErrors.NotFound, "No offer of yours has this id.");
        }

        if (!offer.Withdraw())
        {
            return ApiProblems.Conflict(OfferErrors.Withdrawn, "The offer is already withdrawn.");
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(OfferResponse.From(offer));
    }

    private static async Task<Results<Ok<Page<OfferResponse>>, ProblemHttpResult>> ListAsync(
        string? kind, Guid? merchantId, string? communityId, int? limit, string? after, MerchantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        OfferKind? wanted = null;
        if (kind is not null)
        {
            // Enums are camelCase on the wire; the query's binder would only take PascalCase.
            if (!Enum.TryParse<OfferKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
            {
                return ApiProblems.Validation(new FieldErrors().Add("kind", "unknown_kind"));
            }

            wanted = parsed;
        }

        var today = Shanghai.DateOf(time.GetUtcNow());
        var query = db.Offers.AsNoTracking()
            .Where(o => o.Status == OfferStatus.Active && o.ValidUntil >= today)
            .Where(o => db.Merchants.Any(m => m.Id == o.MerchantId && m.Status == MerchantStatus.Verified));
        if (wanted is not null)
        {
            query = query.Where(o => o.Kind == wanted);
        }

        if (merchantId is not null)
        {
            query = query.Where(o => o.MerchantId == merchantId);
        }

        if (communityId is not null)
        {
            query = query.Where(o => o.EligibleCommunityId == null || o.EligibleCommunityId == communityId);
        }

        if (afterId is not null)
        {
            query = query.Where(o => o.Id.CompareTo(afterId.Value) < 0);
        }

        var rows = await query.OrderByDescending(o => o.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, o => o.Id, OfferResponse.From));
    }

    private static async Task<Results<Ok<OfferView>, ProblemHttpResult>> GetAsync(Guid offerId, MerchantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null)
        {
            return ApiProblems.NotFound(OfferErrors.NotFound, "No offer has this id.");
        }

        var period = QuotaPeriods.Start(offer.QuotaPeriod, Shanghai.DateOf(time.GetUtcNow()));
        var used = await db.UsedAsync(offer.Id, period, ct);
        return TypedResults.Ok(new OfferView(OfferResponse.From(offer), period, Math.Max(0, offer.Quota - used)));
    }
}

/// <summary>An offer with what is left of its quota in the current period.</summary>
internal sealed record OfferView(OfferResponse Offer, DateOnly PeriodStart, int QuotaLeft);
