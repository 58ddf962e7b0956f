using System.Security.Claims;
using Alliance.Contracts.Reference;
using Alliance.Needs.Claims;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Board;

/// <summary>The board's filters; each id must be the reference data's.</summary>
internal sealed record BoardQuery(string? CommunityId, string? GridId, string? KindId, string? Urgency, string? Skill, string? After, int? Limit);

/// <summary>
/// The street-wide board (open needs, most urgent first, then the longest waiting), a volunteer's
/// own view of it, and a requester's own needs. Lists show community and grid only.
/// </summary>
internal static class BoardApi
{
    public static IEndpointRouteBuilder MapBoardApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/needs").WithTags("Needs");

        needs.MapGet("/", BoardAsync)
            .WithName("ListBoard")
            .WithSummary("Open needs of the whole street, filtered by communityId, gridId, kindId, urgency and skill; most urgent first, then oldest; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        needs.MapGet("/for-me", ForMeAsync)
            .WithName("ListBoardForMe")
            .WithSummary("The board as a volunteer sees it: needs of the volunteer's grid and those matching their skills first (forYou), then the rest; within each, most urgent first, then those whose wanted window meets the volunteer's weekly availability (fitsAvailability), then oldest.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, ClaimsApi.VolunteerNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, ClaimsApi.VolunteersUnavailable);

        needs.MapGet("/mine", MineAsync)
            .WithName("ListMyNeeds")
            .WithSummary("The needs posted for the caller, in every state, newest first, with who claimed each (from the claim on) and who is helping (from acceptance on), by name.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        return app;
    }

    private static async Task<Results<Ok<Page<NeedSummary>>, ProblemHttpResult>> BoardAsync(
        [AsParameters] BoardQuery query, NeedsDbContext db, CancellationToken ct)
    {
        var badPage = Paging.Read(query.Limit, query.After, out var take, out var afterId);
        if ((Check(query) ?? badPage) is { } bad)
        {
            return bad;
        }

        var open = Filter(db.Needs.AsNoTracking().IgnoreAutoIncludes(), query);
        if (afterId is { } after)
        {
            var anchor = await db.Needs.AsNoTracking().Where(n => n.Id == after).Select(n => new { n.Urgency, n.PostedAt }).FirstOrDefaultAsync(ct);
            if (anchor is null)
            {
                return UnknownCursor();
            }

            open = open.Where(n => n.Urgency < anchor.Urgency
                || (n.Urgency == anchor.Urgency && (n.PostedAt > anchor.PostedAt || (n.PostedAt == anchor.PostedAt && n.Id.CompareTo(after) > 0))));
        }

        var rows = await open.OrderByDescending(n => n.Urgency).ThenBy(n => n.PostedAt).ThenBy(n => n.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, n => n.Id, n => NeedSummary.From(n)));
    }

    private static async Task<Results<Ok<Page<NeedSummary>>, ProblemHttpResult>> ForMeAsync(
        [AsParameters] BoardQuery query, ClaimsPrincipal caller, NeedsDbContext db, VolunteerDirectory volunteers, CancellationToken ct)
    {
        var badPage = Paging.Read(query.Limit, query.After, out var take, out var afterId);
        if ((Check(query) ?? badPage) is { } bad)
        {
            return bad;
        }

        var (lookup, profile) = await volunteers.ProfileAsync(caller.RequireAccountId(), ct);
        switch (lookup)
        {
            case VolunteerLookup.NotFound:
                return ApiProblems.Unprocessable(ClaimsApi.VolunteerNotFound, "You are not registered with Volunteers.");
            case VolunteerLookup.Unavailable:
                return ApiProblems.Unavailable(ClaimsApi.VolunteersUnavailable, "The Volunteers service did not answer in time; retry later.");
        }

        var grid = profile!.GridId;
        var skills = profile.Skills.ToList();
        var availability = profile.Availability;
        var ranked = Filter(db.Needs.AsNoTracking().IgnoreAutoIncludes(), query).Select(availability.Into((Need n, bool fits) => new
        {
            Need = n,
            Rank = n.GridId == grid || skills.Contains(n.KindId) || n.RequiredSkills.Any(s => skills.Contains(s)) ? 0 : 1,
            Fits = fits,
        }));
        if (afterId is { } after)
        {
            var anchor = await db.Needs.AsNoTracking().IgnoreAutoIncludes().FirstOrDefaultAsync(n => n.Id == after, ct);
            if (anchor is null)
            {
                return UnknownCursor();
            }

            var rank = ForYou(anchor, grid, skills) ? 0 : 1;
            var fits = availability.IsMetBy(anchor);
            ranked = ranked.Where(r => r.Rank > rank || (r.Rank == rank && (r.Need.Urgency < anchor.Urgency
                || (r.Need.Urgency == anchor.Urgency && ((fits && !r.Fits) || (r.Fits == fits
                    && (r.Need.PostedAt > anchor.PostedAt || (r.Need.PostedAt == anchor.PostedAt && r.Need.Id.CompareTo(after) > 0))))))));
        }

        var rows = await ranked.OrderBy(r => r.Rank).ThenByDescending(r => r.Need.Urgency).ThenByDescending(r => r.Fits).ThenBy(r => r.Need.PostedAt)
            .ThenBy(r => r.Need.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, r => r.Need.Id, r => NeedSummary.From(r.Need, r.Rank == 0, r.Fits)));
    }

    private static async Task<Results<Ok<Page<MyNeedSummary>>, ProblemHttpResult>> MineAsync(
        string? after, int? limit, ClaimsPrincipal caller, NeedsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var me = caller.RequireAccountId();
        var mine = db.Needs.AsNoTracking().IgnoreAutoIncludes().Where(n => n.RequesterId == me);
        if (afterId is { } cursor)
        {
            if (!await mine.AnyAsync(n => n.Id == cursor, ct))
            {
                return UnknownCursor();
            }

            mine = mine.Where(n => n.Id.CompareTo(cursor) < 0);
        }

        var rows = await mine.OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(MyNeedSummary.PeopleOf(rows.Take(take)), ct);
        return TypedResults.Ok(Paging.Of(rows, take, n => n.Id, n => MyNeedSummary.From(n, names)));
    }

    private static IQueryable<Need> Filter(IQueryable<Need> needs, BoardQuery query)
    {
        needs = needs.Where(n => n.Status == NeedStatus.Open);
        if (query.CommunityId is { } community)
        {
            needs = needs.Where(n => n.CommunityId == community);
        }

        if (query.GridId is { } grid)
        {
            needs = needs.Where(n => n.GridId == grid);
        }

        if (query.KindId is { } kind)
        {
            needs = needs.Where(n => n.KindId == kind);
        }

        if (query.Urgency is not null && NeedDraft.ParseUrgency(query.Urgency) is { } urgency)
        {
            needs = needs.Where(n => n.Urgency == urgency);
        }

        if (query.Skill is { } skill)
        {
            needs = needs.Where(n => n.KindId == skill || n.RequiredSkills.Contains(skill));
        }

        return needs;
    }

    private static ProblemHttpResult? Check(BoardQuery query)
    {
        var reference = ReferenceData.Current;
        var errors = new FieldErrors();
        errors.Check(query.CommunityId is null || reference.IsCommunity(query.CommunityId), "communityId", "unknown_community");
        errors.Check(query.GridId is null || reference.Communities.Any(c => reference.IsGridOf(query.GridId, c.Id)), "gridId", "unknown_grid");
        errors.Check(query.KindId is null || reference.IsKind(query.KindId), "kindId", "unknown_kind");
        errors.Check(query.Urgency is null || NeedDraft.ParseUrgency(query.Urgency) is not null, "urgency", "unknown_urgency");
        errors.Check(query.Skill is null || reference.IsKind(query.Skill), "skill", "unknown_kind");
        return errors.IsEmpty ? null : ApiProblems.Validation(errors);
    }

    private static bool ForYou(Need need, string grid, List<string> skills) =>
        need.GridId == grid || skills.Contains(need.KindId) || need.RequiredSkills.Any(skills.Contains);

    private static ProblemHttpResult UnknownCursor() => ApiProblems.Validation(new FieldErrors().Add("after", "unknown_cursor"));
}
