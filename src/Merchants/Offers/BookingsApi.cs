using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Time;
using Alliance.Merchants.Data;
using Alliance.Merchants.Onboarding;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Offers;

/// <summary>What the resident declares, when the offer asks: being 60 or over, and their community. The counter checks it.</summary>
internal sealed record BookOfferRequest(bool? Aged60OrOver, string? CommunityId);

internal sealed record BookingResponse(
    Guid Id, Guid OfferId, Guid MerchantId, Guid ResidentId, DateOnly PeriodStart, BookingStatus Status, DateTimeOffset BookedAt,
    DateTimeOffset? CancelledAt, bool DeclaredAged60OrOver, string? DeclaredCommunityId)
{
    public static BookingResponse From(Booking b) => new(
        b.Id, b.OfferId, b.MerchantId, b.ResidentId, b.PeriodStart, b.Status, b.BookedAt, b.CancelledAt, b.DeclaredAged60OrOver, b.DeclaredCommunityId);
}

internal static class BookingsApi
{
    public const string NotFound = "booking_not_found";
    public const string AlreadyBooked = "already_booked";
    public const string NotCancellable = "booking_not_cancellable";

    public static IEndpointRouteBuilder MapBookingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/merchants/offers/{offerId:guid}/bookings", BookAsync).WithTags("Bookings")
            .WithName("BookOffer")
            .WithSummary("A signed-in resident books a public-benefit or low-cost offer: one unit of this period's quota, one active booking "
                + "per person, offer and period. An offer not bookable today (over, not started, withdrawn, its quota used up) or one "
                + "the caller holds already is a conflict; a points reward (redeemed instead) or an offer not open to the caller is unprocessable.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, OfferErrors.NotFound)
            .ProducesProblems(StatusCodes.Status409Conflict,
                OfferErrors.Expired, OfferErrors.NotStarted, OfferErrors.Withdrawn, OfferErrors.QuotaExhausted, AlreadyBooked)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity,
                OfferErrors.WrongKind, OfferErrors.VolunteersOnly, OfferErrors.AgedOnly, OfferErrors.CommunityOnly);

        app.MapPost("/merchants/bookings/{bookingId:guid}/cancellation", CancelAsync).WithTags("Bookings")
            .WithName("CancelBooking")
            .WithSummary("The resident cancels their booking; the unit goes back to its period's quota. One already cancelled is a conflict.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, NotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NotCancellable);

        app.MapGet("/merchants/bookings/mine", MineAsync).WithTags("Bookings")
            .WithName("ListMyBookings")
            .WithSummary("The caller's own bookings, newest first: ?limit=&after=.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        app.MapGet("/merchants/{id:guid}/bookings", ListForMerchantAsync).WithTags("Bookings")
            .WithName("ListMerchantBookings")
            .WithSummary("The merchant's bookings, newest first, for its staff and partner system: ?offerId=&limit=&after=.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound);
        return app;
    }

    private static async Task<Results<Created<BookingResponse>, ProblemHttpResult>> BookAsync(
        Guid offerId, BookOfferRequest? request, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time, ILogger<Booking> logger, CancellationToken ct)
    {
        var resident = caller.RequireAccountId();
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null || !await db.Merchants.AnyAsync(m => m.Id == offer.MerchantId && m.Status == MerchantStatus.Verified, ct))
        {
            return ApiProblems.NotFound(OfferErrors.NotFound, "No offer has this id.");
        }

        if (offer.Kind == OfferKind.PointsReward)
        {
            return ApiProblems.Unprocessable(OfferErrors.WrongKind, "A points reward is redeemed with points, not booked.");
        }

        var now = time.GetUtcNow();
        var today = Shanghai.DateOf(now);
        if (offer.Unavailability(today) is { } unavailable)
        {
            return ApiProblems.Conflict(unavailable, "The offer cannot be booked today.");
        }

        if (offer.Ineligibility(caller.IsInRole(Roles.Volunteer), request?.Aged60OrOver ?? false, request?.CommunityId) is { } ineligible)
        {
            return ApiProblems.Unprocessable(ineligible, "The offer is not open to you.");
        }

        var period = QuotaPeriods.Start(offer.QuotaPeriod, today);
        var booking = Booking.Make(offer, resident, period, request?.Aged60OrOver ?? false, request?.CommunityId, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.TryTakeAsync(offer, period, ct))
        {
            return ApiProblems.Conflict(OfferErrors.QuotaExhausted, "The offer's quota for this period is used up.");
        }

        db.Bookings.Add(booking);
        db.Publish(new OfferBooked(Guid.CreateVersion7(now), now, null, booking.Id, offer.Id, offer.MerchantId, resident));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Booking.UniqueActiveIndex))
        {
            // Rolled back with the transaction: the unit taken above goes back too.
            return ApiProblems.Conflict(AlreadyBooked, "You already hold a booking of this offer in this period.");
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Offer {OfferId} booked by {ResidentId}: booking {BookingId}", offer.Id, resident, booking.Id);
        return TypedResults.Created($"/merchants/bookings/{booking.Id}", BookingResponse.From(booking));
    }

    private static async Task<Results<Ok<BookingResponse>, ProblemHttpResult>> CancelAsync(
        Guid bookingId, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var resident = caller.AccountId();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var booking = await db.Bookings.FromSql($"SELECT * FROM bookings WHERE id = {bookingId} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (booking is null || booking.ResidentId != resident)
        {
            return ApiProblems.NotFound(NotFound, "No booking of yours has this id.");
        }

        if (!booking.Cancel(time.GetUtcNow()))
        {
            return ApiProblems.Conflict(NotCancellable, "The booking is already cancelled.");
        }

        await db.GiveBackAsync(booking.OfferId, booking.PeriodStart, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(BookingResponse.From(booking));
    }

    private static async Task<Results<Ok<Page<BookingResponse>>, ProblemHttpResult>> MineAsync(
        int? limit, string? after, ClaimsPrincipal caller, MerchantsDbContext db, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var resident = caller.RequireAccountId();
        return TypedResults.Ok(await PageAsync(db.Bookings.Where(b => b.ResidentId == resident), take, afterId, ct));
    }

    private static async Task<Results<Ok<Page<BookingResponse>>, ProblemHttpResult>> ListForMerchantAsync(
        Guid id, Guid? offerId, int? limit, string? after, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        if (await StaffApi.FindOwnAsync(id, caller, db, authorization, ct) is null)
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of yours has this id.");
        }

        var query = db.Bookings.Where(b => b.MerchantId == id);
        if (offerId is not null)
        {
            query = query.Where(b => b.OfferId == offerId);
        }

        return TypedResults.Ok(await PageAsync(query, take, afterId, ct));
    }

    private static async Task<Page<BookingResponse>> PageAsync(IQueryable<Booking> query, int take, Guid? afterId, CancellationToken ct)
    {
        if (afterId is not null)
        {
            query = query.Where(b => b.Id.CompareTo(afterId.Value) < 0);
        }

        var rows = await query.AsNoTracking().OrderByDescending(b => b.Id).Take(take + 1).ToListAsync(ct);
        return Paging.Of(rows, take, b => b.Id, BookingResponse.From);
    }
}
