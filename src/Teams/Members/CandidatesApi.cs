using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Members;

/// <summary>Where a candidate stands with the team already: a member, invited, or asking to join (null: none of these).</summary>
internal enum CandidateMembership
{
    Member,
    Invited,
    Requested,
}

/// <summary>
/// A volunteer a leader may invite: their display name, skills and place, and where they stand with the
/// team; never a phone, an ID card, an address or the registered real name.
/// </summary>
internal sealed record CandidateResponse(
    Guid VolunteerId, string? VolunteerName, IReadOnlyList<string> Skills, string CommunityId, string GridId, CandidateMembership? Membership);

/// <summary>
/// A team's leader and deputies look for volunteers to invite among the whole street's active ones (an
/// alliance team takes volunteers of any community): Identity finds display names by prefix, Volunteers
/// filters by skill and place, and Teams says who is already in or on the way in.
/// </summary>
internal static class CandidatesApi
{
    /// <summary>Identity finds at most this many accounts by a prefix (Volunteers' own limit on a restricted search).</summary>
    public const int NameCandidates = 200;

    /// <summary>A display name's longest length (Identity's rule): a longer prefix finds no one.</summary>
    public const int MaxNameLength = 50;

    public static IEndpointRouteBuilder MapCandidatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/teams/{id:guid}/candidates", SearchAsync).WithTags("Members")
            .WithName("SearchTeamCandidates")
            .WithSummary("The team's leader and deputies look for volunteers to invite among the street's active volunteers: by display-name prefix "
                + "(?name=, through Identity, among the first 200 accounts it finds), ?skill=, ?communityId= and ?gridId=; oldest id first, keyset pages. "
                + "Each has the display name, skills, community, grid and `membership` (member, invited, requested, or null); never a phone, ID card, "
                + "address or real name.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, ErrorCodes.IdentityUnavailable, Joining.VolunteersUnavailable);
        return app;
    }

    private static async Task<Results<Ok<Page<CandidateResponse>>, ProblemHttpResult>> SearchAsync(
        Guid id, string? name, string? skill, string? communityId, string? gridId, int? limit, string? after, ClaimsPrincipal caller, HttpContext http,
        TeamsDbContext db, IAuthorizationService authorization, VolunteerDirectory volunteers, DisplayNames displayNames, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (name is not null && errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            name = name.Trim();
            errors.Check(name.Length <= MaxNameLength, "name", "too_long");
        }

        errors.CheckSearchFilters(skill, communityId, gridId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var team = await db.FindWithDeputiesAsync(id, ct);
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Manager))
        {
            return TeamLoading.NotLeader();
        }

        IReadOnlyList<Guid>? named = null;
        if (name is not null)
        {
            named = await displayNames.SearchAsync(name, NameCandidates, ct);
            if (named is null)
            {
                http.Response.Headers.RetryAfter = "5";
                return ApiProblems.Unavailable(ErrorCodes.IdentityUnavailable, "Identity could not search the names; try again.");
            }
        }

        if (await volunteers.FindAsync(new VolunteerFilter(named, skill, communityId, gridId, afterId, take), ct) is not { } page)
        {
            http.Response.Headers.RetryAfter = "5";
            return ApiProblems.Unavailable(Joining.VolunteersUnavailable, "The Volunteers service did not answer in time; retry later.");
        }

        var (found, more) = page;
        var ids = found.Select(v => Guid.Parse(v.VolunteerId)).ToList();
        var standing = await MembershipsAsync(db, id, ids, ct);
        var names = await displayNames.ForAsync(ids, ct);
        return TypedResults.Ok(Paging.Of(found, more, v => Guid.Parse(v.VolunteerId), v =>
        {
            var volunteer = Guid.Parse(v.VolunteerId);
            return new CandidateResponse(volunteer, names.NameOf(volunteer), v.Skills.ToList(), v.CommunityId, v.GridId, standing.GetValueOrDefault(volunteer));
        }));
    }

    /// <summary>Where each of these volunteers stands with the team: a member, or a pending invitation or request.</summary>
    private static async Task<Dictionary<Guid, CandidateMembership?>> MembershipsAsync(TeamsDbContext db, Guid team, List<Guid> ids, CancellationToken ct)
    {
        var standing = new Dictionary<Guid, CandidateMembership?>();
        var pending = await db.Memberships.AsNoTracking()
            .Where(m => m.TeamId == team && m.Status == MembershipStatus.Pending && ids.Contains(m.VolunteerId))
            .Select(m => new { m.VolunteerId, m.Kind })
            .ToListAsync(ct);
        foreach (var m in pending)
        {
            standing[m.VolunteerId] = m.Kind == MembershipKind.Invitation ? CandidateMembership.Invited : CandidateMembership.Requested;
        }

        var members = await db.Members.AsNoTracking().Where(m => m.TeamId == team && ids.Contains(m.VolunteerId)).Select(m => m.VolunteerId).ToListAsync(ct);
        foreach (var member in members)
        {
            standing[member] = CandidateMembership.Member;
        }

        return standing;
    }
}
