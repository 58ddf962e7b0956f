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

/// <summary>After the activity: the leader confirms every attendee's hours at once; a volunteer may dispute, and the leader answers.</summary>
internal static class HoursApi
{
    public const string NotEnded = "activity_not_ended";
    public const string AlreadyConfirmed = "hours_already_confirmed";
    public const string BeyondActivity = "hours_beyond_activity";
    public const string NoHours = "no_hours_to_dispute";
    public const string AlreadyDisputed = "hours_already_disputed";
    public const string WindowClosed = "dispute_window_closed";
    public const string NoOpenDispute = "no_open_dispute";
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapHoursApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/activities/{activityId:guid}").WithTags("Hours");

        activity.MapPost("/hours", ConfirmAsync)
            .WithName("ConfirmHours")
            .WithSummary("After the activity, its team's leader (or an admin of its community) confirms each attendee's hours in one action, with a no-show flag: ServiceHoursConfirmed once per attendee. All or nothing.")
            .Access(AccessClass.Owner)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        activity.MapPost("/disputes", DisputeAsync)
            .WithName("DisputeHours")
            .WithSummary("The signed-in volunteer contests their confirmed hours, within the dispute window (Teams:Activities:DisputeWindowDays).")
            .Access(AccessClass.Volunteer)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        activity.MapPost("/disputes/{volunteerId:guid}/answer", AnswerAsync)
            .WithName("AnswerHoursDispute")
            .WithSummary("The leader answers a dispute with the hours that stand; a change publishes ServiceHoursAdjusted with the difference.")
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
    private static bool IsHours(decimal hours) => hours >= 0m && decimal.Round(hours, 1) == hours;

    private static async Task<Results<Ok<SignUpResponse>, ProblemHttpResult>> DisputeAsync(
        Guid activityId, DisputeRequest request, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, IOptions<ActivityOptions> options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var volunteerId = caller.RequireAccountId();
        var signUp = await db.SignUps.FirstOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId, ct);
        if (signUp is null)
        {
            return ApiProblems.NotFound(SignUpsApi.NotSignedUp, "You have not signed up for this activity.");
        }

        switch (signUp.Dispute(request.Reason!.Trim(), TimeSpan.FromDays(options.Value.DisputeWindowDays), time.GetUtcNow()))
        {
            case DisputeResult.NothingToDispute:
                return ApiProblems.Conflict(NoHours, "Your hours at this activity have not been confirmed yet.");
            case DisputeResult.AlreadyDisputed:
                return ApiProblems.Conflict(AlreadyDisputed, "You have already disputed these hours.");
            case DisputeResult.WindowClosed:
                return ApiProblems.Conflict(WindowClosed, "The time to dispute these hours has passed.");
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SignUpResponse.From(signUp));
    }

    private static async Task<Results<Ok<SignUpResponse>, ProblemHttpResult>> AnswerAsync(
        Guid activityId, Guid volunteerId, AnswerDisputeRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, CancellationToken ct)
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

        var errors = new FieldErrors();
        if (errors.Check(request.CorrectedHours is not null, "correctedHours", "required"))
        {
            errors.Check(IsHours(request.CorrectedHours!.Value), "correctedHours", "hours_format");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (request.CorrectedHours > activity.LengthHours)
        {
            return ApiProblems.Unprocessable(BeyondActivity, "The hours are longer than the activity.");
        }

        var signUp = await db.SignUps.FirstOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId, ct);
        var now = time.GetUtcNow();
        if (signUp?.Answer(request.CorrectedHours!.Value, now) is not { } delta)
        {
            return ApiProblems.NotFound(NoOpenDispute, "This volunteer has no open dispute at this activity.");
        }

        if (delta != 0m)
        {
            var adjustmentId = Guid.CreateVersion7(now);
            db.Publish(new ServiceHoursAdjusted(Guid.CreateVersion7(now), now, null, adjustmentId, activity.Id, volunteerId, delta, request.Reason!.Trim()));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(SignUpResponse.From(signUp));
    }
}
