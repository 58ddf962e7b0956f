using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Time;
using Alliance.Merchants.Data;
using Alliance.Merchants.Offers;
using Alliance.Merchants.Onboarding;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Merchants.Redemptions;

/// <summary>What the volunteer declares when the reward asks for it (community); the counter checks it.</summary>
[RequestExample("""{ "aged60OrOver": false, "communityId": "xintang" }""")]
internal sealed record RedeemOfferRequest(bool? Aged60OrOver, string? CommunityId);

internal static partial class RedemptionsApi
{
    public const string InsufficientPoints = "insufficient_points";
    public const string PointsUnavailable = "points_unavailable";

    /// <summary>The detail of every "try again" this API answers: a retry with the same key is safe, and answers as the first would have.</summary>
    private const string RetrySame = "Send the same request again, with the same Idempotency-Key, after Retry-After seconds: nothing happens twice.";

    public static IEndpointRouteBuilder MapRedemptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/merchants/offers/{offerId:guid}/redemptions", RedeemAsync).WithTags("Redemptions")
            .WithName("RedeemOffer")
            .WithSummary("A verified volunteer redeems a points reward: Points reserves its cost, one unit of quota is taken, and an "
                + "8-character code is issued, valid for Merchants:Redemptions:CodeTtl. Too few points (nothing held) or an offer not "
                + "redeemable today (over, not started, withdrawn, its quota used up) is a conflict; an offer that is not a points reward, "
                + "or not open to the caller, is unprocessable. When Points does not answer, or the redemption cannot be recorded, nothing "
                + "is held (503): send the same request again with the same Idempotency-Key.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status404NotFound, OfferErrors.NotFound)
            .ProducesProblems(StatusCodes.Status409Conflict,
                InsufficientPoints, OfferErrors.Expired, OfferErrors.NotStarted, OfferErrors.Withdrawn, OfferErrors.QuotaExhausted)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, OfferErrors.WrongKind, OfferErrors.AgedOnly, OfferErrors.CommunityOnly)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, PointsUnavailable, ErrorCodes.TryAgain);

        app.MapPost("/merchants/{id:guid}/redemptions/confirmation", ConfirmAsync).WithTags("Redemptions")
            .WithName("ConfirmRedemption")
            .WithSummary("The merchant's staff or partner system confirm the full code the volunteer presents at the counter (a masked one "
                + "breaks the code's format): Points commits the points. Another merchant's code is not found; an expired or already "
                + "confirmed code, or a business not verified now, is a conflict. When Points does not answer (the code stays valid) or the "
                + "confirmation cannot be recorded (503), send the same request again with the same Idempotency-Key; a retry after a late "
                + "commit answers as confirmed.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound, RedemptionNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotVerified, Expired, AlreadyConfirmed)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, PointsUnavailable, ErrorCodes.TryAgain);

        app.MapRedemptionLists();
        return app;
    }

    private static async Task<Results<Created<RedemptionResponse>, ProblemHttpResult>> RedeemAsync(
        Guid offerId, RedeemOfferRequest? request, ClaimsPrincipal caller, HttpContext http, MerchantsDbContext db, PointsLedger points,
        IOptions<RedemptionOptions> options, TimeProvider time, ILogger<Redemption> logger, CancellationToken ct)
    {
        var volunteer = caller.RequireAccountId();
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null || !await db.Merchants.AnyAsync(m => m.Id == offer.MerchantId && m.Status == MerchantStatus.Verified, ct))
        {
            return ApiProblems.NotFound(OfferErrors.NotFound, "No offer has this id.");
        }

        if (offer.Kind != OfferKind.PointsReward)
        {
            return ApiProblems.Unprocessable(OfferErrors.WrongKind, "Only a points reward is redeemed; book this offer instead.");
        }

        var now = time.GetUtcNow();
        var today = Shanghai.DateOf(now);
        if (offer.Unavailability(today) is { } unavailable)
        {
            return ApiProblems.Conflict(unavailable, "The offer cannot be redeemed today.");
        }

        if (offer.Ineligibility(isVolunteer: true, request?.Aged60OrOver ?? false, request?.CommunityId) is { } ineligible)
        {
            return ApiProblems.Unprocessable(ineligible, "The offer is not open to you.");
        }

        var redemption = Redemption.Start(offer.Id, offer.MerchantId, volunteer, offer.PointsCost!.Value,
            QuotaPeriods.Start(offer.QuotaPeriod, today), now, options.Value.CodeTtl);
        switch (await RedemptionSteps.HoldQuotaAsync(db, offer, redemption, ct))
        {
            case QuotaHold.Exhausted:
                return ApiProblems.Conflict(OfferErrors.QuotaExhausted, "The offer's quota for this period is used up.");
            case QuotaHold.NoFreeCode:
                return TryAgain("No free code was found for this redemption; nothing is held.");
        }

        // From here the outcome is settled whatever the caller does: no cancellation token.
        var answer = await points.ReserveAsync(redemption, CancellationToken.None);
        now = time.GetUtcNow();
        switch (answer)
        {
            case LedgerAnswer.Done:
                redemption.Issue();
                db.Publish(new OfferRedeemed(Guid.CreateVersion7(now), now, null, redemption.Id, offer.Id, offer.MerchantId, volunteer, redemption.Points, redemption.ExpiresAt));
                var issued = RedemptionResponse.ForHolder(redemption);
                var location = $"/merchants/redemptions/{redemption.Id}";
                if (await RedemptionSteps.SaveWithAnswerAsync(db, http, StatusCodes.Status201Created, issued, location, logger) != SaveOutcome.Saved)
                {
                    // Points holds the points for a redemption this service could not issue: let them go now
                    // (the due work does too, and gives the quota unit back).
                    await RedemptionSteps.BringDueWorkForwardAsync(db, redemption.Id, now, logger);
                    await points.ReleaseAsync(redemption.Id, CancellationToken.None);
                    return TryAgain("The redemption could not be recorded; nothing is held.");
                }

                logger.LogInformation("Redemption {RedemptionId} of offer {OfferId} issued to {VolunteerId}", redemption.Id, offer.Id, volunteer);
                return TypedResults.Created(location, issued);
            case LedgerAnswer.InsufficientPoints:
                await RedemptionSteps.LetGoAsync(db, redemption, abandoned: false, now, logger);
                return ApiProblems.Conflict(InsufficientPoints, "Your available points do not cover this reward; nothing was held.");
            case LedgerAnswer.Closed:
                // Points had this redemption released before the Reserve came (its tombstone): nothing is held.
                await RedemptionSteps.LetGoAsync(db, redemption, abandoned: true, now, logger);
                return TryAgain("Points refused this redemption as already released; nothing is held.");
            default:
                // Points may or may not have reserved: the quota goes back now, and due work releases at Points once it answers.
                await RedemptionSteps.LetGoAsync(db, redemption, abandoned: true, now, logger);
                return ApiProblems.Unavailable(PointsUnavailable, "The Points service did not answer; nothing is held.", RetrySame);
        }
    }

    private static async Task<Results<Ok<RedemptionResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid id, ConfirmRedemptionRequest request, ClaimsPrincipal caller, HttpContext http, MerchantsDbContext db,
        Microsoft.AspNetCore.Authorization.IAuthorizationService authorization, PointsLedger points, TimeProvider time, ILogger<Redemption> logger, CancellationToken ct)
    {
        if (await StaffApi.FindOwnAsync(id, caller, db, authorization, ct) is not { } merchant)
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of yours has this id.");
        }

        if (!merchant.IsVerified)
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "A business that is not verified now (suspended, say) confirms no redemption.");
        }

        var code = request.Code?.Trim().ToUpperInvariant();
        if (Redemption.FormatRule(code) is { } broken)
        {
            return ApiProblems.Validation(new FieldErrors().Add("code", broken));
        }

        var redemption = await db.Redemptions.FirstOrDefaultAsync(r => r.MerchantId == id && r.Code == code, ct);
        if (redemption is null || redemption.Status is RedemptionStatus.Reserving or RedemptionStatus.Refused or RedemptionStatus.Abandoned)
        {
            return ApiProblems.NotFound(RedemptionNotFound, "No code of your business is this one.");
        }

        var now = time.GetUtcNow();
        if (redemption.Status == RedemptionStatus.Confirmed)
        {
            return ApiProblems.Conflict(AlreadyConfirmed, "This code was already confirmed.");
        }

        if (!redemption.IsOpenAt(now))
        {
            return ApiProblems.Conflict(Expired, "This code has expired.");
        }

        switch (await points.CommitAsync(redemption.Id, CancellationToken.None))
        {
            case LedgerAnswer.Unavailable:
                // Points may have committed late: the retry commits again (a replay there) and answers as confirmed.
                return ApiProblems.Unavailable(PointsUnavailable, "The Points service did not answer; the code is still valid.", RetrySame);
            case LedgerAnswer.Closed or LedgerAnswer.NotFound:
                // Released at Points (its backstop): the due work tidies the quota and raises the expiry,
                // now, or at the code's own expiry if this move cannot be saved.
                await RedemptionSteps.BringDueWorkForwardAsync(db, redemption.Id, now, logger);
                return ApiProblems.Conflict(Expired, "This code has expired.");
        }

        var staff = caller.AccountId();
        redemption.Confirm(staff, staff is null ? caller.FindFirstValue(AllianceClaims.ClientId) : null, now);
        db.Publish(new RedemptionConfirmed(Guid.CreateVersion7(now), now, null, redemption.Id, redemption.OfferId, redemption.MerchantId, redemption.VolunteerId));
        // The counter typed this very code in full: echoing it tells them nothing new, and it is spent now.
        var confirmed = RedemptionResponse.AsPresented(redemption);
        switch (await RedemptionSteps.SaveWithAnswerAsync(db, http, StatusCodes.Status200OK, confirmed, null, logger))
        {
            case SaveOutcome.LostRace:
                // A second confirmation at once (or the timer reconciling a commit) saved first: the points moved once.
                return ApiProblems.Conflict(AlreadyConfirmed, "This code was already confirmed.");
            case SaveOutcome.Failed:
                // Spent at Points, not recorded here: the retry commits again (a replay) and records it, and
                // failing that the due work finds the commit at the code's expiry and records it.
                return TryAgain("The points are spent but the confirmation could not be recorded.");
        }

        logger.LogInformation("Redemption {RedemptionId} confirmed at merchant {MerchantId}", redemption.Id, id);
        return TypedResults.Ok(confirmed);
    }

    private static ProblemHttpResult TryAgain(string title) => ApiProblems.Unavailable(ErrorCodes.TryAgain, title, RetrySame);
}
