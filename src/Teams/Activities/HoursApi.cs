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
using Microsoft.Extensions.Options;

namespace Alliance.Teams.Activities;

/// <summary>After the activity: a manager confirms the attendees' hours at once; the rules are <see cref="Activity.ConfirmHours"/>'s.</summary>
internal static class HoursApi
{
    public const string TeamNotApproved = "team_not_approved";

    public static IEndpointRouteBuilder MapHoursApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/teams/activities/{activityId:guid}").WithTags("Hours");

        activity.MapPost("/hours", ConfirmAsync)
            .WithName("ConfirmHours")
            .WithSummary("After the activity, and within Teams:Activities:ConfirmWithinDays of its end, its team's leader or a deputy (or an admin of its community) confirms attendees' hours in one action, with a no-show flag: ServiceHoursConfirmed once per attendee. All or nothing. No one confirms their own line; until the team is approved, only an admin who may approve it confirms.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader, TeamNotApproved)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityChangesApi.Cancelled, Activity.NotEnded, Activity.WindowClosed, Activity.AlreadyConfirmed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, Activity.OwnHours, SignUpsApi.NotSignedUp, Activity.BeyondActivity);

        return app;
    }

    private static async Task<Results<Ok<ConfirmHoursResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid activityId, ConfirmHoursRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        IOptions<ActivityOptions> options, TimeProvider time, ILogger<SignUp> logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var run = await db.RunOfAsync(await db.LockAsync(activityId, ct), ct);
        if (run is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (await RefuseVoucherAsync(caller, run, authorization) is { } refused)
        {
            return refused;
        }

        var errors = CheckAttendees(request.Attendees);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var activity = run.Activity;
        var lines = request.Attendees!.Select(a => new HoursLine(a.VolunteerId!.Value, a.Hours ?? 0m, a.NoShow == true)).ToList();
        var ids = lines.Select(l => l.VolunteerId).ToList();
        var signUps = await db.SignUps.Where(s => s.ActivityId == activityId && ids.Contains(s.VolunteerId)).ToDictionaryAsync(s => s.VolunteerId, ct);
        var now = time.GetUtcNow();
        if (activity.ConfirmHours(caller.RequireAccountId(), lines, signUps, now, options.Value.ConfirmationWindow) is { } refusal)
        {
            return refusal.Problem();
        }

        foreach (var signUp in ids.Select(id => signUps[id]).Where(s => !s.NoShow && s.Hours > 0m))
        {
            db.Publish(new ServiceHoursConfirmed(
                Guid.CreateVersion7(now), now, null, activity.Id, activity.TeamId, activity.CommunityId, signUp.VolunteerId, signUp.Hours!.Value, activity.Date));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Hours of {Count} attendees confirmed at activity {ActivityId}", ids.Count, activityId);
        return TypedResults.Ok(new ConfirmHoursResponse(ids.Select(id => SignUpResponse.From(signUps[id])).ToList()));
    }

    /// <summary>Those who vouch for hours at an activity: its managers, and while the team is unapproved only an admin who may approve it.</summary>
    public static async Task<ProblemHttpResult?> RefuseVoucherAsync(ClaimsPrincipal caller, ActivityRun run, IAuthorizationService authorization)
    {
        if (!await authorization.AllowsAsync(caller, run, TeamPolicies.ActivityManager))
        {
            return ActivitiesApi.NotManager();
        }

        return await authorization.AllowsAsync(caller, run, TeamPolicies.HoursVoucher) ? null : ApiProblems.Problem(
            StatusCodes.Status403Forbidden,
            TeamNotApproved,
            "This team has not been approved yet.",
            "Until an admin covering the team's community (the street admin for a street-wide team) approves it, only such an admin confirms hours at its activities.");
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
