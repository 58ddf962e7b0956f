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

/// <summary>After the activity: the leader confirms every attendee's hours at once.</summary>
internal static class HoursApi
{
    public const string NotEnded = "activity_not_ended";
    public const string AlreadyConfirmed = "hours_already_confirmed";
    public const string BeyondActivity = "hours_beyond_activity";

    public static IEndpointRouteBuilder MapHoursApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/teams/activities/{activityId:guid}").WithTags("Hours");

        activity.MapPost("/hours", ConfirmAsync)
            .WithName("ConfirmHours")
            .WithSummary("After the activity, its team's leader (or an admin of its community) confirms each attendee's hours in one action, with a no-show flag: ServiceHoursConfirmed once per attendee. All or nothing.")
            .Access(AccessClass.Owner)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    private static async Task<Results<Ok<ConfirmHoursResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid activityId, ConfirmHoursRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<SignUp> logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var activity = await db.LockAsync(activityId, ct);
        if (activity is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, activity, TeamPolicies.ActivityManager))
        {
            return ActivitiesApi.NotManager();
        }

        var errors = CheckAttendees(request.Attendees);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        if (activity.IsCancelled)
        {
            return ActivityChangesApi.CancelledProblem();
        }

        if (!activity.HasEnded(now))
        {
            return ApiProblems.Conflict(NotEnded, "Hours are confirmed after the activity has ended.");
        }

        var ids = request.Attendees!.Select(a => a.VolunteerId!.Value).ToList();
        var signUps = await db.SignUps.Where(s => s.ActivityId == activityId && ids.Contains(s.VolunteerId) && s.Status == SignUpStatus.Confirmed).ToDictionaryAsync(s => s.VolunteerId, ct);
        foreach (var attendee in request.Attendees!)
        {
            if (!signUps.TryGetValue(attendee.VolunteerId!.Value, out var signUp))
            {
                return ApiProblems.Unprocessable(SignUpsApi.NotSignedUp, "Someone in the list did not hold a place at this activity.", attendee.VolunteerId.ToString());
            }

            if (attendee.NoShow != true && attendee.Hours > activity.LengthHours)
            {
                return ApiProblems.Unprocessable(BeyondActivity, "Someone's hours are longer than the activity.", attendee.VolunteerId.ToString());
            }

            if (signUp.HoursConfirmed)
            {
                return ApiProblems.Conflict(AlreadyConfirmed, "Someone's hours have already been confirmed.", attendee.VolunteerId.ToString());
            }
        }

        foreach (var attendee in request.Attendees!)
        {
            var signUp = signUps[attendee.VolunteerId!.Value];
            signUp.ConfirmHours(attendee.Hours ?? 0m, attendee.NoShow == true, now);
            if (!signUp.NoShow && signUp.Hours > 0m)
            {
                db.Publish(new ServiceHoursConfirmed(
                    Guid.CreateVersion7(now), now, null, activity.Id, activity.TeamId, activity.CommunityId, signUp.VolunteerId, signUp.Hours!.Value, activity.Date));
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Hours of {Count} attendees confirmed at activity {ActivityId}", signUps.Count, activityId);
        return TypedResults.Ok(new ConfirmHoursResponse(request.Attendees!.Select(a => SignUpResponse.From(signUps[a.VolunteerId!.Value])).ToList()));
    }

    private static FieldErrors CheckAttendees(IReadOnlyList<AttendeeHours>? attendees)
    {
        var errors = new FieldErrors();
        if (!errors.Check(attendees is { Count: > 0 }, "attendees", "required"))
        {
            return errors;
        }

        errors.Check(attendees!.All(a => a.VolunteerId is not null), "attendees", "volunteer_required");
        errors.Check(attendees!.Where(a => a.VolunteerId is not null).DistinctBy(a => a.VolunteerId).Count() == attendees!.Count(a => a.VolunteerId is not null), "attendees", "duplicate_volunteer");
        errors.Check(attendees!.All(a => a.NoShow == true || a.Hours is not null), "attendees", "hours_required");
        errors.Check(attendees!.All(a => a.Hours is null || IsHours(a.Hours.Value)), "attendees", "hours_format");
        return errors;
    }

    /// <summary>Hours are positive with at most one decimal place (zero only for a no-show).</summary>
    public static bool IsHours(decimal hours) => hours >= 0m && decimal.Round(hours, 1) == hours;
}
