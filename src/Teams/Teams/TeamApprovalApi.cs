using System.Security.Claims;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Teams;

/// <summary>
/// A new team is approved by an admin covering its community (the street admin for a street-wide
/// team): anyone verified may set up a team and so lead it, so until someone who answers for the
/// place has looked at it, its own people vouch for no one's hours.
/// </summary>
internal static class TeamApprovalApi
{
    public const string OutOfScope = "team_out_of_scope";

    public static void MapApproval(RouteGroupBuilder teams) =>
        teams.MapPost("/{id:guid}/approval", ApproveAsync)
            .WithName("ApproveTeam")
            .WithSummary("An admin covering the team's community (the street admin for a street-wide team) approves a new team; approving an approved team changes nothing. The queue is GET /teams?status=unapproved.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status403Forbidden, OutOfScope)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound);

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<Team> logger, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return ApiProblems.NotFound(TeamsApi.TeamNotFound, "No team has this id.");
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Approver))
        {
            return ApiProblems.Problem(
                StatusCodes.Status403Forbidden, OutOfScope, "Only an admin covering the team's community approves it (the street admin for a street-wide team).");
        }

        if (team.Approve(caller.RequireAccountId(), time.GetUtcNow()))
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Team {TeamId} approved by {AdminId}", id, team.ApprovedBy);
        }

        return TypedResults.Ok(TeamResponse.From(team));
    }
}
