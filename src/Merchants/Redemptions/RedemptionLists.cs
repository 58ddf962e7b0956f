using System.Globalization;
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

namespace Alliance.Merchants.Redemptions;

[RequestExample("""{ "code": "K7M2Q9XA" }""")]
internal sealed record ConfirmRedemptionRequest([RequiredField] string? Code);

/// <summary>Configuration section <c>Merchants:Redemptions</c>.</summary>
internal sealed class RedemptionOptions
{
    public const string Section = "Merchants:Redemptions";

    /// <summary>How long an issued code may be confirmed; then Merchants' due work releases the points and the quota.</summary>
    public TimeSpan CodeTtl { get; set; } = TimeSpan.FromMinutes(30);
}

internal static partial class RedemptionsApi
{
    public const string RedemptionNotFound = "redemption_not_found";
    public const string AlreadyConfirmed = "redemption_already_confirmed";
    public const string Expired = "redemption_expired";

    private static void MapRedemptionLists(this IEndpointRouteBuilder app)
    {
        app.MapGet("/merchants/{id:guid}/redemptions", ListForMerchantAsync).WithTags("Redemptions")
            .WithName("ListMerchantRedemptions")
            .WithSummary("The merchant's redemptions, newest first, for its staff and partner system, codes masked (K7****XA): ?status=&day=&limit=&after=. "
                + "?day=today (or YYYY-MM-DD, Asia/Shanghai) keeps those the volunteers redeemed that day; with ?status=confirmed, those confirmed at the counter that day.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound);

        app.MapGet("/merchants/redemptions/mine", MineAsync).WithTags("Redemptions")
            .WithName("ListMyRedemptions")
            .WithSummary("The caller's own redemptions with their codes, newest first: ?limit=&after=.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        app.MapGet("/merchants/redemptions/{redemptionId:guid}", GetAsync).WithTags("Redemptions")
            .WithName("GetRedemption")
            .WithSummary("One redemption: for the volunteer with the code in full, for the merchant's staff and partner system with it masked (K7****XA); anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, RedemptionNotFound);
    }

    private static async Task<Results<Ok<Page<RedemptionResponse>>, ProblemHttpResult>> ListForMerchantAsync(
        Guid id, string? status, string? day, int? limit, string? after, ClaimsPrincipal caller, MerchantsDbContext db,
        IAuthorizationService authorization, TimeProvider time, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var date = day is null ? (DateOnly?)null : ReadDay(day, time);
        if (day is not null && date is null)
        {
            return ApiProblems.Validation(new FieldErrors().Add("day", "date_format"));
        }

        // Enums are camelCase on the wire; the query's binder would only take PascalCase.
        RedemptionStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RedemptionStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return ApiProblems.Validation(new FieldErrors().Add("status", "unknown_status"));
            }

            wanted = parsed;
        }

        if (await StaffApi.FindOwnAsync(id, caller, db, authorization, ct) is null)
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of yours has this id.");
        }

        var query = db.Redemptions.Where(r => r.MerchantId == id);
        query = wanted is null
            ? query.Where(r => r.Status != RedemptionStatus.Refused && r.Status != RedemptionStatus.Reserving)
            : query.Where(r => r.Status == wanted);
        if (date is { } d)
        {
            var (from, until) = (StartOf(d), StartOf(d.AddDays(1)));
            // The counter's day for confirmed codes (a code redeemed late last night and confirmed this morning is this morning's).
            query = wanted == RedemptionStatus.Confirmed
                ? query.Where(r => r.ClosedAt >= from && r.ClosedAt < until)
                : query.Where(r => r.CreatedAt >= from && r.CreatedAt < until);
        }

        return TypedResults.Ok(await PageAsync(query, take, afterId, RedemptionResponse.ForCounter, ct));
    }

    /// <summary><c>today</c> (Asia/Shanghai) or a <c>YYYY-MM-DD</c> date; null for anything else.</summary>
    private static DateOnly? ReadDay(string day, TimeProvider time) =>
        string.Equals(day, "today", StringComparison.OrdinalIgnoreCase) ? Shanghai.DateOf(time.GetUtcNow())
        : DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : null;

    /// <summary>Midnight of the day in Asia/Shanghai, as the UTC instant the rows are stored in.</summary>
    private static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Shanghai.Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private static async Task<Results<Ok<Page<RedemptionResponse>>, ProblemHttpResult>> MineAsync(
        int? limit, string? after, ClaimsPrincipal caller, MerchantsDbContext db, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var volunteer = caller.RequireAccountId();
        return TypedResults.Ok(await PageAsync(db.Redemptions.Where(r => r.VolunteerId == volunteer), take, afterId, RedemptionResponse.ForHolder, ct));
    }

    private static async Task<Results<Ok<RedemptionResponse>, ProblemHttpResult>> GetAsync(
        Guid redemptionId, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var redemption = await db.Redemptions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == redemptionId, ct);
        if (redemption is null)
        {
            return RedemptionNotFoundProblem();
        }

        // The holder first: a staff member who redeemed at their own merchant still holds their code.
        if (await authorization.AllowsAsync(caller, redemption, RedemptionPolicies.Holder))
        {
            return TypedResults.Ok(RedemptionResponse.ForHolder(redemption));
        }

        return await authorization.AllowsAsync(caller, redemption, RedemptionPolicies.Counter)
            ? TypedResults.Ok(RedemptionResponse.ForCounter(redemption))
            : RedemptionNotFoundProblem();
    }

    private static ProblemHttpResult RedemptionNotFoundProblem() => ApiProblems.NotFound(RedemptionNotFound, "No redemption of yours has this id.");

    private static async Task<Page<RedemptionResponse>> PageAsync(
        IQueryable<Redemption> query, int take, Guid? afterId, Func<Redemption, RedemptionResponse> view, CancellationToken ct)
    {
        if (afterId is not null)
        {
            query = query.Where(r => r.Id.CompareTo(afterId.Value) < 0);
        }

        var rows = await query.AsNoTracking().OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(ct);
        return Paging.Of(rows, take, r => r.Id, view);
    }
}
