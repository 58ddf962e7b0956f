using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Search;

/// <summary>
/// A volunteer found to invite or pair: their display name, skills and place; never a phone, an ID card or an
/// address. The registered real name is for the admins whose scope covers the volunteer, who hold it already.
/// </summary>
internal sealed record VolunteerSearchResult(Guid Id, string? DisplayName, string? RealName, IReadOnlyList<string> Skills, string CommunityId, string GridId);

/// <summary>Admins look for active volunteers of their scope by display-name prefix (Identity's search), real-name prefix, skill and place.</summary>
internal static class VolunteerSearchApi
{
    /// <summary>Identity finds at most this many accounts by a prefix; a longer prefix narrows the search.</summary>
    public const int NameCandidates = 200;

    public static IEndpointRouteBuilder MapVolunteerSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/volunteers/search", SearchAsync)
            .WithTags("Volunteers")
            .WithName("SearchVolunteers")
            .WithSummary("Active volunteers of the caller's scope (a street admin's street, a community admin's communities, a grid worker's cells), to invite or pair: "
                + "by display-name prefix (?name=, through Identity, among the first 200 accounts it finds), registered real-name prefix (?realName=), ?skill=, ?communityId= and ?gridId=; "
                + "oldest id first, keyset-paginated. Each result has the display name, the real name, skills, community and grid; never a phone, ID card or address.")
            // Bound to no object: the caller's scope cuts the results, and a caller with none is refused here.
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, VolunteersApi.OutOfScope)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, ErrorCodes.IdentityUnavailable);
        return app;
    }

    private static async Task<Results<Ok<Page<VolunteerSearchResult>>, ProblemHttpResult>> SearchAsync(
        string? name, string? realName, string? skill, string? communityId, string? gridId, int? limit, string? after,
        ClaimsPrincipal caller, HttpContext http, VolunteersDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        var scope = caller.AdminScope();
        if (!scope.WholeStreet && scope.Communities.Count == 0 && scope.Grids.Count == 0)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, VolunteersApi.OutOfScope, "Only an admin or a grid worker searches volunteers, within their scope.");
        }

        var errors = new FieldErrors();
        name = Prefix(errors, "name", name);
        realName = Prefix(errors, "realName", realName);
        errors.CheckSearchFilters(skill, communityId, gridId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        if (communityId is not null && VolunteerPolicies.GridsWithin(caller, communityId) is [])
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, VolunteersApi.OutOfScope, "Your scope does not reach this community's volunteers.");
        }

        var query = db.Volunteers.AsNoTracking().Where(v => v.Status == VolunteerStatus.Active);
        if (!scope.WholeStreet)
        {
            query = query.Where(v => scope.Communities.Contains(v.CommunityId) || scope.Grids.Contains(v.GridId));
        }

        if (name is not null)
        {
            var found = await displayNames.SearchAsync(name, NameCandidates, ct);
            if (found is null)
            {
                http.Response.Headers.RetryAfter = "5";
                return ApiProblems.Unavailable(ErrorCodes.IdentityUnavailable, "Identity could not search the names; try again.");
            }

            var ids = found.ToArray();
            query = query.Where(v => ids.Contains(v.Id));
        }

        query = realName is null ? query : query.Where(v => v.Name.StartsWith(realName));
        query = skill is null ? query : query.Where(v => v.Skills.Contains(skill));
        query = communityId is null ? query : query.Where(v => v.CommunityId == communityId);
        query = gridId is null ? query : query.Where(v => v.GridId == gridId);
        query = cursor is { } last ? query.Where(v => v.Id.CompareTo(last) > 0) : query;

        var page = await query.OrderBy(v => v.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(page.Take(take).Select(v => v.Id), ct);
        return TypedResults.Ok(Paging.Of(page, take, v => v.Id, v => new VolunteerSearchResult(
            v.Id, names.NameOf(v.Id), caller.Covers(v.CommunityId, v.GridId) ? v.Name : null, v.Skills, v.CommunityId, v.GridId)));
    }

    /// <summary>A prefix to search by: trimmed, <c>required</c> if given blank, <c>too_long</c> past a name's length.</summary>
    private static string? Prefix(FieldErrors errors, string field, string? value) =>
        value is null ? null
        : errors.Check(!string.IsNullOrWhiteSpace(value), field, "required") && errors.Check(value.Trim().Length <= RegistrationForm.MaxNameLength, field, "too_long")
            ? value.Trim()
            : null;
}
