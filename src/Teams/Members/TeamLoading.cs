using Alliance.ServiceDefaults.Problems;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Members;

/// <summary>Loads a team with its deputies, as the object policies need it; the common refusals.</summary>
internal static class TeamLoading
{
    public static Task<Team?> FindWithDeputiesAsync(this TeamsDbContext db, Guid id, CancellationToken ct) =>
        db.Teams.Include(t => t.Members.Where(m => m.Role == MemberRole.Deputy)).FirstOrDefaultAsync(t => t.Id == id, ct);

    public static ProblemHttpResult TeamNotFound() => ApiProblems.NotFound(TeamsApi.TeamNotFound, "No team has this id.");

    /// <summary>Teams are listed on the board, so their existence is no secret: a non-leader is forbidden.</summary>
    public static ProblemHttpResult NotLeader() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, TeamsApi.NotLeader, "Only the team's leader (or, where allowed, a deputy) manages the team.");
}
