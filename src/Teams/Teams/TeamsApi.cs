using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.Teams.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Teams;

internal sealed record CreateTeamRequest(string? Name, string? CommunityId, TeamTheme? Theme);

internal sealed record TeamResponse(Guid Id, string Name, string CommunityId, TeamTheme Theme, DateTimeOffset CreatedAt)
{
    public static TeamResponse From(Team team) => new(team.Id, team.Name, team.CommunityId, team.Theme, team.CreatedAt);
}

internal static class TeamsApi
{
    public const string TeamNotFound = "team_not_found";
    public const string TeamNameTaken = "team_name_taken";

    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/teams").WithTags("Teams");

        teams.MapPost("/", CreateAsync)
            .WithName("CreateTeam")
            .WithSummary("Sets up a volunteer team in a community (provisional: the leader will come from the token).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        teams.MapGet("/{id:guid}", GetAsync)
            .WithName("GetTeam")
            .WithSummary("Reads one team.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Results<Created<TeamResponse>, ProblemHttpResult>> CreateAsync(
        CreateTeamRequest request, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = Team.Check(request.Name, request.CommunityId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var team = Team.Create(request.Name!, request.CommunityId!, request.Theme ?? TeamTheme.None, now);
        db.Teams.Add(team);
        db.Publish(new TeamCreated(Guid.CreateVersion7(now), now, null, team.Id, team.CommunityId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Team.UniqueNameIndex))
        {
            return ApiProblems.Conflict(TeamNameTaken, "This community already has a team of this name.");
        }

        return TypedResults.Created($"/teams/{team.Id}", TeamResponse.From(team));
    }

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> GetAsync(Guid id, TeamsDbContext db, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return team is null ? ApiProblems.NotFound(TeamNotFound, "No team has this id.") : TypedResults.Ok(TeamResponse.From(team));
    }
}
