using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Members;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

/// <summary>Publishing and reading a team's activities.</summary>
internal static class ActivitiesApi
{
    public const string ActivityNotFound = "activity_not_found";
    public const string NotActivityManager = "not_activity_manager";

    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/teams/{id:guid}/activities", PublishAsync)
            .WithTags("Activities")
            .WithName("PublishActivity")
            .WithSummary("The team's leader, or an admin of its community, publishes an activity: title, kind, place, start (in the future) and end (at most 24 hours later), capacity, required skills, street-wide or not. It is held in the team's community; a street-wide team names any community.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound);

        app.MapGet("/teams/{id:guid}/activities", ListAsync)
            .WithTags("Activities")
            .WithName("ListTeamActivities")
            .WithSummary("A team's activities, oldest published first; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound);

        app.MapGet("/teams/activities/{activityId:guid}", GetAsync)
            .WithTags("Activities")
            .WithName("GetActivity")
            .WithSummary("Reads one activity, with the places taken.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivityNotFound);

        app.MapGet("/teams/activities/{activityId:guid}/check-in-code", GetCodeAsync)
            .WithTags("Activities")
            .WithName("GetCheckInCode")
            .WithSummary("The six-digit code that volunteers enter at the place: the team's leader or deputies, or an admin of the activity's community only.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivityNotFound);

        return app;
    }

    private static async Task<Results<Created<ActivityResponse>, ProblemHttpResult>> PublishAsync(
        Guid id, CreateActivityRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Activity> logger, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.ActivityPublisher))
        {
            return TeamLoading.NotLeader();
        }

        var now = time.GetUtcNow();
        var communityId = request.CommunityId ?? team.CommunityId;
        var errors = Activity.Check(request.Title, request.KindId, request.Place, communityId, request.StartsAt, request.EndsAt, request.Capacity, request.RequiredSkills, now);
        team.CheckActivityCommunity(communityId, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var activity = Activity.Publish(
            team.Id, team.LeaderId, caller.RequireAccountId(), request.Title!, request.KindId!, request.Place!, communityId!,
            request.StartsAt!.Value, request.EndsAt!.Value, request.Capacity!.Value, request.RequiredSkills ?? [], request.StreetWide ?? false, now);
        db.Activities.Add(activity);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Activity {ActivityId} published for team {TeamId}", activity.Id, team.Id);
        return TypedResults.Created($"/teams/activities/{activity.Id}", ActivityResponse.From(activity));
    }

    private static async Task<Results<Ok<Page<ActivityResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, int? limit, string? after, TeamsDbContext db, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        if (!await db.Teams.AnyAsync(t => t.Id == id, ct))
        {
            return TeamLoading.TeamNotFound();
        }

        var query = db.Activities.AsNoTracking().Where(a => a.TeamId == id);
        if (afterId is { } cursor)
        {
            query = query.Where(a => a.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(a => a.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, a => a.Id, ActivityResponse.From));
    }

    private static async Task<Results<Ok<ActivityResponse>, ProblemHttpResult>> GetAsync(Guid activityId, TeamsDbContext db, CancellationToken ct)
    {
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId, ct);
        return activity is null ? NotFound() : TypedResults.Ok(ActivityResponse.From(activity));
    }

    private static async Task<Results<Ok<CheckInCodeResponse>, ProblemHttpResult>> GetCodeAsync(
        Guid activityId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var run = await db.FindRunAsync(activityId, ct);
        if (run is null)
        {
            return NotFound();
        }

        return await authorization.AllowsAsync(caller, run, TeamPolicies.ActivityManager)
            ? TypedResults.Ok(new CheckInCodeResponse(run.Activity.Id, run.Activity.CheckInCode))
            : NotManager();
    }

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound(ActivityNotFound, "No activity has this id.");

    public static ProblemHttpResult NotManager() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, TeamsApi.NotLeader, "Only the team's leader or deputies (volunteers in good standing) or an admin of the activity's community run this activity.");
}
