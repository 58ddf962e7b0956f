using System.Security.Claims;
using System.Text.Json;
using Alliance.Points.Data;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Flags;

internal sealed record FlagView(Guid Id, FlagKind Kind, Guid VolunteerId, Guid? RequesterId, Guid? NeedId, string? CommunityId, JsonElement Detail, DateTimeOffset RaisedAt)
{
    public static FlagView From(Flag f)
    {
        using var detail = JsonDocument.Parse(f.Detail);
        return new(f.Id, f.Kind, f.VolunteerId, f.RequesterId, f.NeedId, f.CommunityId, detail.RootElement.Clone(), f.RaisedAt);
    }
}

/// <summary>The anti-gaming flags, for a street admin: newest first, optionally of one kind.</summary>
internal static class FlagsApi
{
    public static IEndpointRouteBuilder MapFlagsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/points/flags", ListAsync)
            .WithTags("Recognition")
            .WithName("ListFlags")
            .WithSummary("Credits that look gamed (?kind=repeatPair|fastFiveStar), newest first, keyset-paginated. They flag and never block. A street admin.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Results<Ok<Page<FlagView>>, ProblemHttpResult>> ListAsync(
        string? kind, int? limit, string? after, ClaimsPrincipal caller, PointsDbContext db, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, Recognition.RecognitionApi.StreetAdminOnly, "Only a street admin sees the flags.");
        }

        FlagKind? wanted = null;
        if (kind is not null)
        {
            if (!Enum.TryParse<FlagKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
            {
                var errors = new FieldErrors();
                errors.Check(false, "kind", "unknown_kind");
                return ApiProblems.Validation(errors);
            }

            wanted = parsed;
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var query = db.Flags.AsNoTracking();
        if (wanted is { } k)
        {
            query = query.Where(f => f.Kind == k);
        }

        if (cursor is { } before)
        {
            query = query.Where(f => f.Id.CompareTo(before) < 0);
        }

        var page = await query.OrderByDescending(f => f.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, f => f.Id, FlagView.From));
    }
}
