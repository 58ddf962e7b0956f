using System.Security.Claims;
using System.Text.Json;
using Alliance.Points.Accounts;
using Alliance.Points.Data;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Ledger;

/// <summary>
/// One ledger entry on the wire: what moved, why (the rule's inputs), and the balance after it;
/// <c>serviceDate</c> is the day of service, <c>earnedOn</c> the day it counts in (cap and boards).
/// </summary>
internal sealed record LedgerEntryView(
    Guid Id, EntryKind Kind, Guid SourceId, long Amount, long AvailableAfter, long ReservedAfter, DateOnly ServiceDate, DateOnly EarnedOn, decimal? Hours,
    Guid? AdjustsSourceId, Guid? TeamId, string? CommunityId, string Reason, JsonElement Why, DateTimeOffset RecordedAt)
{
    public static LedgerEntryView From(LedgerEntry e)
    {
        using var why = JsonDocument.Parse(e.Why);
        return new(e.Id, e.Kind, e.SourceId, e.Amount, e.AvailableAfter, e.ReservedAfter, e.ServiceDate, e.EarnedOn, e.Hours, e.AdjustsSourceId, e.TeamId, e.CommunityId,
            e.Reason, why.RootElement.Clone(), e.RecordedAt);
    }
}

/// <summary>The earning rules in force, as <c>Points:Rules</c> sets them; the expiry period in days.</summary>
internal sealed record RulesView(
    decimal PointsPerHour, IReadOnlyDictionary<string, decimal> QualityFactorByRating, string QualityFactorWithoutRating, IReadOnlyList<string> UrgentLevels,
    decimal UrgentBonusPercent, decimal NightBonusPerHour, long MonthlyCap, double ExpiresAfterDays, IReadOnlyList<string> EarnNothing);

internal static class LedgerApi
{
    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/points/accounts/{volunteerId:guid}/ledger", ListAsync)
            .WithTags("Points")
            .WithName("ListPointsLedger")
            .WithSummary("A volunteer's ledger, newest first, keyset-paginated (?limit=, ?after=): each entry with its reason and the rule's inputs. The volunteer, or a street admin.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountsApi.AccountNotFound);

        app.MapGet("/points/rules", Rules)
            .WithTags("Points")
            .WithName("GetEarningRules")
            .WithSummary("How confirmed service earns points: per hour, the quality factor by rating, bonuses, the monthly cap, the expiry.")
            .Access(AccessClass.SignedIn);
        return app;
    }

    private static async Task<Results<Ok<Page<LedgerEntryView>>, ProblemHttpResult>> ListAsync(
        Guid volunteerId, int? limit, string? after, ClaimsPrincipal caller, PointsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.VolunteerId == volunteerId, ct);
        if (account is null || !await authorization.AllowsAsync(caller, account, PointsPolicies.Holder))
        {
            return ApiProblems.NotFound(AccountsApi.AccountNotFound, "No points account is open for this volunteer.");
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var query = db.Ledger.AsNoTracking().Where(e => e.VolunteerId == volunteerId);
        if (cursor is { } before)
        {
            query = query.Where(e => e.Id.CompareTo(before) < 0);
        }

        var page = await query.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, e => e.Id, LedgerEntryView.From));
    }

    private static Ok<RulesView> Rules(IOptionsSnapshot<EarningRules> options)
    {
        var r = options.Value;
        return TypedResults.Ok(new RulesView(
            r.PointsPerHour, r.QualityFactorByRating, "1 (a need confirmed by the timer, or an activity)", r.UrgentLevels, r.UrgentBonusPercent, r.NightBonusPerHour,
            r.MonthlyCap, r.ExpiresAfter.TotalDays, ["honour hours", "a merchant's claim of a need"]));
    }
}
