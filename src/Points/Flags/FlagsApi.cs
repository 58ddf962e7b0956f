using System.Security.Claims;
using System.Text.Json;
using Alliance.Points.Data;
using Alliance.Points.Recognition;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Flags;

internal sealed record FlagView(
    Guid Id, FlagKind Kind, FlagStatus Status, Guid VolunteerId, Guid SourceId, Guid? RequesterId, Guid? NeedId, Guid? TeamId, string? CommunityId, JsonElement Detail,
    DateTimeOffset RaisedAt, Guid? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, Guid? ReversalId)
{
    public static FlagView From(Flag f)
    {
        using var detail = JsonDocument.Parse(f.Detail);
        return new(f.Id, f.Kind, f.Status, f.VolunteerId, f.CreditSource, f.RequesterId, f.NeedId, f.TeamId, f.CommunityId, detail.RootElement.Clone(),
            f.RaisedAt, f.DecidedBy, f.DecidedAt, f.DecisionReason, f.ReversalId);
    }
}

/// <summary>A street admin's decision: <c>dismissed</c> or <c>upheld</c>, and why.</summary>
internal sealed record FlagDecisionRequest([RequiredField] string? Outcome, [RequiredField] string? Reason);

/// <summary>The reversal an upheld flag made: the points taken back, those already spent or held that were not, and the hours.</summary>
internal sealed record ReversalView(Guid Id, long PointsTakenBack, long PointsNotTakenBack, decimal Hours);

internal sealed record FlagDecisionView(FlagView Flag, ReversalView? Reversal);

/// <summary>The anti-gaming flags, for a street admin: listed newest first by kind and status, and decided one by one.</summary>
internal static class FlagsApi
{
    public static IEndpointRouteBuilder MapFlagsApi(this IEndpointRouteBuilder app)
    {
        var flags = app.MapGroup("/points/flags").WithTags("Recognition");
        flags.MapGet("", ListAsync)
            .WithName("ListFlags")
            .WithSummary("Credits that look gamed (?kind=repeatPair|fastFiveStar|activityBurst|aboveTeamUsual|timerManyHours|newRequester, ?status=open|dismissed|upheld), newest first, keyset-paginated. They flag and never block. A street admin.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, RecognitionApi.StreetAdminOnly);
        flags.MapPost("/{id:guid}/decision", DecideAsync)
            .WithName("DecideFlag")
            .WithSummary("A street admin dismisses a flag or upholds it, with a reason. Upholding takes the credit back (an adjustment, up to what is available) and publishes PointsCreditReversed, so Volunteers takes the hours off too. A flag already decided is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, RecognitionApi.StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status404NotFound, FlagDecisions.NotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, FlagDecisions.AlreadyDecided);
        return app;
    }

    private static async Task<Results<Ok<Page<FlagView>>, ProblemHttpResult>> ListAsync(
        string? kind, string? status, int? limit, string? after, ClaimsPrincipal caller, PointsDbContext db, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return Forbidden("Only a street admin sees the flags.");
        }

        var errors = new FieldErrors();
        var wantedKind = ParseEnum<FlagKind>(kind, "kind", "unknown_kind", errors);
        var wantedStatus = ParseEnum<FlagStatus>(status, "status", "unknown_status", errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var query = db.Flags.AsNoTracking();
        if (wantedKind is { } k)
        {
            query = query.Where(f => f.Kind == k);
        }

        if (wantedStatus is { } s)
        {
            query = query.Where(f => f.Status == s);
        }

        if (cursor is { } before)
        {
            query = query.Where(f => f.Id.CompareTo(before) < 0);
        }

        var page = await query.OrderByDescending(f => f.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, f => f.Id, FlagView.From));
    }

    private static async Task<Results<Ok<FlagDecisionView>, ProblemHttpResult>> DecideAsync(
        Guid id, FlagDecisionRequest request, ClaimsPrincipal caller, FlagDecisions decisions, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return Forbidden("Only a street admin decides a flag.");
        }

        var errors = new FieldErrors();
        var outcome = request.Outcome?.Trim() switch
        {
            { } text when text.Equals("dismissed", StringComparison.OrdinalIgnoreCase) => FlagStatus.Dismissed,
            { } text when text.Equals("upheld", StringComparison.OrdinalIgnoreCase) => FlagStatus.Upheld,
            _ => (FlagStatus?)null,
        };
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Outcome), "outcome", "required"))
        {
            errors.Check(outcome is not null, "outcome", "unknown_outcome");
        }

        var reason = request.Reason?.Trim() ?? "";
        if (errors.Check(reason.Length > 0, "reason", "required"))
        {
            errors.Check(reason.Length <= Flag.MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var decision = await decisions.DecideAsync(id, outcome!.Value, reason, caller.RequireAccountId(), ct);
        return decision switch
        {
            { Error: FlagDecisions.NotFound } => ApiProblems.NotFound(FlagDecisions.NotFound, "No flag has this id."),
            { Error: FlagDecisions.AlreadyDecided } => ApiProblems.Conflict(FlagDecisions.AlreadyDecided, "This flag is already decided."),
            { Flag: { } flag } => TypedResults.Ok(new FlagDecisionView(FlagView.From(flag), Reversal(decision))),
            _ => throw new InvalidOperationException("A flag decision has neither a flag nor an error."),
        };
    }

    private static ReversalView? Reversal(FlagDecision decision) => decision.Reversal is { } r
        ? new ReversalView(r.Entry.SourceId, -r.Entry.Amount, r.PointsNotTakenBack, r.Hours)
        : null;

    private static TEnum? ParseEnum<TEnum>(string? text, string field, string rule, FieldErrors errors) where TEnum : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        // Names only: Enum.TryParse would also take "1".
        return errors.Check(Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _), field, rule) ? parsed : null;
    }

    private static ProblemHttpResult Forbidden(string title) =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, RecognitionApi.StreetAdminOnly, title);
}
