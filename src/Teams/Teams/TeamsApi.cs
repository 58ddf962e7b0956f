using System.Security.Claims;
using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Figures;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Teams;

internal static class TeamsApi
{
    public const string TeamNotFound = "team_not_found";
    public const string TeamNameTaken = "team_name_taken";
    public const string NotLeader = "not_team_leader";

    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/teams").WithTags("Teams");

        teams.MapPost("/", CreateAsync)
            .WithName("CreateTeam")
            .WithSummary("Sets up a volunteer team in a community, or street-wide, led by the signed-in volunteer, who is its first member.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status409Conflict, TeamNameTaken);

        teams.MapGet("/", ListAsync)
            .WithName("ListTeams")
            .WithSummary("Lists teams, oldest first, optionally of one community (?communityId=) or street-wide ones (?streetWide=true), and approved or not (?status=unapproved is the admins' approval queue); keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        teams.MapGet("/{id:guid}", GetAsync)
            .WithName("GetTeam")
            .WithSummary("Reads one team with its figures: members, activities (not cancelled), hours confirmed at them, needs served and their helpers' hours.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamNotFound);

        teams.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdateTeam")
            .WithSummary("Renames the team or changes its squad colour: its leader only; anyone else is refused.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, TeamNameTaken);

        TeamApprovalApi.MapApproval(teams);
        return app;
    }

    private static async Task<Results<Created<TeamResponse>, ProblemHttpResult>> CreateAsync(
        CreateTeamRequest request, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var streetWide = request.StreetWide ?? false;
        var errors = Team.Check(request.Name, request.CommunityId, streetWide);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var team = Team.Create(caller.RequireAccountId(), request.Name!, streetWide ? null : request.CommunityId, request.Theme ?? TeamTheme.None, now);
        db.Teams.Add(team);
        db.Publish(new TeamCreated(Guid.CreateVersion7(now), now, null, team.Id, team.LeaderId, team.CommunityId ?? ""));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Team.UniqueNameIndex))
        {
            return NameTaken();
        }

        return TypedResults.Created($"/teams/{team.Id}", TeamResponse.From(team));
    }

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateTeamRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return ApiProblems.NotFound(TeamNotFound, "No team has this id.");
        }

        // Teams are listed on the board, so their existence is no secret: a non-leader is forbidden.
        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Leader))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, NotLeader, "Only the team's leader manages the team.");
        }

        var errors = team.Update(request.Name, request.Theme);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Team.UniqueNameIndex))
        {
            return NameTaken();
        }

        return TypedResults.Ok(TeamResponse.From(team));
    }

    private static ProblemHttpResult NameTaken() =>
        ApiProblems.Conflict(TeamNameTaken, "This community already has a team of this name.");

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> GetAsync(Guid id, TeamsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return ApiProblems.NotFound(TeamNotFound, "No team has this id.");
        }

        var figures = await TeamFigures.OfAsync(db, id, ct);
        return TypedResults.Ok(TeamResponse.From(team, figures, await displayNames.ForAsync([team.LeaderId], ct)));
    }

    private static async Task<Results<Ok<Page<TeamResponse>>, ProblemHttpResult>> ListAsync(
        string? communityId, bool? streetWide, string? status, int? limit, string? after, TeamsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        // The wire names are camelCase ("unapproved"); any case is taken.
        TeamStatus? wanted = status is null ? null
            : status.All(char.IsAsciiLetter) && Enum.TryParse<TeamStatus>(status, ignoreCase: true, out var parsed) ? parsed : null;
        if (status is not null && wanted is null)
        {
            return ApiProblems.Validation(new FieldErrors().Add("status", "unknown_status"));
        }

        if (Paging.Read(limit, after, out var take, out var afterId) is { } problem)
        {
            return problem;
        }

        var query = db.Teams.AsNoTracking();
        query = streetWide == true ? query.Where(t => t.CommunityId == null) : communityId is null ? query : query.Where(t => t.CommunityId == communityId);
        query = wanted is { } only ? query.Where(t => t.Status == only) : query;
        if (afterId is { } cursor)
        {
            query = query.Where(t => t.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(t => t.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).Select(t => t.LeaderId), ct);
        return TypedResults.Ok(Paging.Of(rows, take, t => t.Id, t => TeamResponse.From(t, names: names)));
    }
}
