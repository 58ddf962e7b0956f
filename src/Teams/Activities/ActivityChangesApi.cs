using System.Security.Claims;
using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

/// <summary>Editing and cancelling an activity before it starts, by those who run it.</summary>
internal static class ActivityChangesApi
{
    public const string Started = "activity_started";
    public const string Cancelled = "activity_cancelled";
    public const string CapacityBelowConfirmed = "capacity_below_confirmed";

    public static IEndpointRouteBuilder MapActivityChangesApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/teams/activities/{activityId:guid}").WithTags("Activities");

        activity.MapPatch("", EditAsync)
            .WithName("EditActivity")
            .WithSummary("Before it starts, the team's leader or an admin of the activity's community edits title, kind, place, times, capacity or skills. A larger capacity gives places to the waitlist in order (ActivitySignUpPromoted); one below the places taken is refused.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, Started, Cancelled, CapacityBelowConfirmed);

        activity.MapPost("/cancellation", CancelAsync)
            .WithName("CancelActivity")
            .WithSummary("Before it starts, the team's leader or an admin of the activity's community cancels it with a reason: every sign-up ends and no hours can be confirmed (ActivityCancelled).")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, Started, Cancelled);

        return app;
    }

    private static async Task<Results<Ok<ActivityResponse>, ProblemHttpResult>> EditAsync(
        Guid activityId, UpdateActivityRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Activity> logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var run = await db.RunOfAsync(await db.LockAsync(activityId, ct), ct);
        if (run is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, run, TeamPolicies.ActivityEditor))
        {
            return NotEditor();
        }

        var activity = run.Activity;
        var before = (activity.Title, activity.Place, activity.StartsAt, activity.EndsAt);
        var now = time.GetUtcNow();
        var change = activity.Edit(request.Title, request.KindId, request.Place, request.StartsAt, request.EndsAt, request.Capacity, request.RequiredSkills, now, out var errors);
        if (Refuse(change, errors) is { } refusal)
        {
            return refusal;
        }

        var free = activity.Capacity - activity.ConfirmedCount;
        List<SignUp> waitlist = free <= 0 ? [] : await db.SignUps
            .Where(s => s.ActivityId == activityId && s.Status == SignUpStatus.Waitlisted).OrderBy(s => s.Position).Take(free).ToListAsync(ct);
        foreach (var promoted in activity.FillPlaces(waitlist, now))
        {
            db.Publish(new ActivitySignUpPromoted(Guid.CreateVersion7(now), now, null, activityId, activity.TeamId, promoted.VolunteerId));
            logger.LogInformation("Volunteer {VolunteerId} moved from the waitlist to a place at activity {ActivityId}", promoted.VolunteerId, activityId);
        }

        // What a signed-up volunteer must hear of: where, when, or what it is now; a capacity or skills change is not.
        if (before != (activity.Title, activity.Place, activity.StartsAt, activity.EndsAt))
        {
            db.Publish(new ActivityChanged(Guid.CreateVersion7(now), now, null, activityId, activity.TeamId, activity.StartsAt, activity.EndsAt));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ActivityResponse.From(activity));
    }

    private static async Task<Results<Ok<ActivityResponse>, ProblemHttpResult>> CancelAsync(
        Guid activityId, CancelActivityRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Activity> logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var run = await db.RunOfAsync(await db.LockAsync(activityId, ct), ct);
        if (run is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, run, TeamPolicies.ActivityEditor))
        {
            return NotEditor();
        }

        var activity = run.Activity;
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= Activity.MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var signUps = await db.SignUps.Where(s => s.ActivityId == activityId && s.Status != SignUpStatus.Cancelled).ToListAsync(ct);
        var change = activity.Cancel(caller.RequireAccountId(), request.Reason!, signUps, now, out var ended);
        if (Refuse(change, errors) is { } refusal)
        {
            return refusal;
        }

        db.Publish(new ActivityCancelled(Guid.CreateVersion7(now), now, null, activityId, activity.TeamId, ended));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Activity {ActivityId} cancelled; {Count} sign-ups ended", activityId, ended.Count);
        return TypedResults.Ok(ActivityResponse.From(activity));
    }

    private static ProblemHttpResult? Refuse(ActivityChange change, FieldErrors errors) => change switch
    {
        ActivityChange.Invalid => ApiProblems.Validation(errors),
        ActivityChange.Started => ApiProblems.Conflict(Started, "This activity has started; it can no longer be changed."),
        ActivityChange.Cancelled => CancelledProblem(),
        ActivityChange.CapacityBelowConfirmed => ApiProblems.Conflict(CapacityBelowConfirmed, "More places are already taken than this capacity."),
        _ => null,
    };

    private static ProblemHttpResult NotEditor() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, TeamsApi.NotLeader, "Only the team's leader or an admin of the activity's community changes this activity.");

    public static ProblemHttpResult CancelledProblem() => ApiProblems.Conflict(Cancelled, "This activity has been cancelled.");
}
