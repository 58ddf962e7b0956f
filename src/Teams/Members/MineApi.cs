using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Members;

/// <summary>The signed-in volunteer's own teams and pending invitations: always the caller's, so no one else's can be asked for.</summary>
internal static class MineApi
{
    public static IEndpointRouteBuilder MapMineApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/teams").WithTags("Members");

        teams.MapGet("/mine", TeamsAsync)
            .WithName("ListMyTeams")
            .WithSummary("The teams the signed-in person belongs to, with their role and sub-squad in each, oldest team first; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        teams.MapGet("/invitations/mine", InvitationsAsync)
            .WithName("ListMyInvitations")
            .WithSummary("The signed-in person's pending invitations, oldest first, each with who invited them (`createdByName`); each is answered at its acceptance or declination; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        return app;
    }

    private static async Task<Results<Ok<Page<MyTeamResponse>>, ProblemHttpResult>> TeamsAsync(
        int? limit, string? after, ClaimsPrincipal caller, TeamsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var me = caller.RequireAccountId();
        var query =
            from member in db.Members.AsNoTracking()
            join team in db.Teams.AsNoTracking() on member.TeamId equals team.Id
            where member.VolunteerId == me
            select new { team, member };
        if (afterId is { } cursor)
        {
            query = query.Where(r => r.team.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(r => r.team.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).Select(r => r.team.LeaderId), ct);
        return TypedResults.Ok(Paging.Of(rows, take, r => r.team.Id, r => MyTeamResponse.From(r.team, r.member, names)));
    }

    private static async Task<Results<Ok<Page<MembershipResponse>>, ProblemHttpResult>> InvitationsAsync(
        int? limit, string? after, ClaimsPrincipal caller, TeamsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var me = caller.RequireAccountId();
        var query = db.Memberships.AsNoTracking()
            .Where(m => m.VolunteerId == me && m.Kind == MembershipKind.Invitation && m.Status == MembershipStatus.Pending);
        if (afterId is { } cursor)
        {
            query = query.Where(m => m.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(m => m.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).SelectMany(m => new[] { m.VolunteerId, m.CreatedBy }), ct);
        return TypedResults.Ok(Paging.Of(rows, take, m => m.Id, m => MembershipResponse.From(m, names)));
    }
}
