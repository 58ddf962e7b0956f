using System.Security.Claims;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

/// <summary>Check-in and check-out: by the volunteer at the place with the six-digit code, or by the leader or a deputy.</summary>
internal static class AttendanceApi
{
    public const string WrongCode = "wrong_check_in_code";
    public const string NotCheckedIn = "not_checked_in";
    public const string TooManyCodeAttempts = "too_many_code_attempts";

    public static void MapAttendance(RouteGroupBuilder activity)
    {
        activity.MapPost("/check-in", (Guid activityId, AttendanceRequest request, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct) =>
                SelfAsync(activityId, request, checkIn: true, caller, db, time, ct))
            .WithName("CheckIn")
            .WithSummary("The signed-in volunteer, holding a place, checks in with the activity's six-digit code. A wrong code is refused (422) "
                + "with the tries left; after five wrong codes for the activity (check-in and check-out together) "
                + "every code is refused (409), the right one too, and the leader or a deputy checks them in.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound, SignUpsApi.NotSignedUp)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityChangesApi.Cancelled, TooManyCodeAttempts)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, WrongCode);

        activity.MapPost("/check-out", (Guid activityId, AttendanceRequest request, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct) =>
                SelfAsync(activityId, request, checkIn: false, caller, db, time, ct))
            .WithName("CheckOut")
            .WithSummary("The signed-in volunteer, checked in, checks out with the activity's six-digit code; wrong codes count "
                + "with check-in's (five, then every code is refused, 409).")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound, SignUpsApi.NotSignedUp)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityChangesApi.Cancelled, TooManyCodeAttempts, NotCheckedIn)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, WrongCode);

        activity.MapPost("/sign-ups/{volunteerId:guid}/check-in", (Guid activityId, Guid volunteerId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, TimeProvider time, CancellationToken ct) =>
                ByLeaderAsync(activityId, volunteerId, checkIn: true, caller, db, authorization, time, ct))
            .WithName("CheckInAttendee")
            .WithSummary("The team's leader or a deputy (or an admin of the activity's community) checks an attendee in.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound, SignUpsApi.NotSignedUp)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityChangesApi.Cancelled);

        activity.MapPost("/sign-ups/{volunteerId:guid}/check-out", (Guid activityId, Guid volunteerId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, TimeProvider time, CancellationToken ct) =>
                ByLeaderAsync(activityId, volunteerId, checkIn: false, caller, db, authorization, time, ct))
            .WithName("CheckOutAttendee")
            .WithSummary("The team's leader or a deputy (or an admin of the activity's community) checks an attendee out.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound, SignUpsApi.NotSignedUp)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityChangesApi.Cancelled, NotCheckedIn);
    }

    private static async Task<Results<Ok<AttendanceResponse>, ProblemHttpResult>> SelfAsync(
        Guid activityId, AttendanceRequest request, bool checkIn, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request.Code is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
        {
            return ApiProblems.Validation(new FieldErrors().Add("code", "six_digits"));
        }

        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (activity.IsCancelled)
        {
            return ActivityChangesApi.CancelledProblem();
        }

        // The sign-up's row stays locked until the answer, so parallel guesses are counted one by one.
        var volunteerId = caller.RequireAccountId();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var signUp = (await db.SignUps
            .FromSql($"SELECT * FROM sign_ups WHERE activity_id = {activityId} AND volunteer_id = {volunteerId} FOR UPDATE")
            .ToListAsync(ct)).SingleOrDefault(s => s.Status == SignUpStatus.Confirmed);
        if (signUp is null)
        {
            return NoPlace();
        }

        switch (signUp.TryCode(activity.CheckInCode, code))
        {
            case CodeCheck.TooManyAttempts:
                return ApiProblems.Conflict(TooManyCodeAttempts, "Too many wrong codes for this activity: the leader or a deputy checks you in or out.");
            case CodeCheck.Wrong:
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return ApiProblems.Unprocessable(WrongCode, "This is not the activity's code.",
                    $"{signUp.CodeTriesLeft} of {SignUp.MaxWrongCodes} tries left.");
        }

        var marked = await MarkAsync(db, signUp, checkIn, time.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return marked;
    }

    private static async Task<Results<Ok<AttendanceResponse>, ProblemHttpResult>> ByLeaderAsync(
        Guid activityId, Guid volunteerId, bool checkIn, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, TimeProvider time, CancellationToken ct)
    {
        var run = await db.FindRunAsync(activityId, ct);
        if (run is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, run, TeamPolicies.ActivityManager))
        {
            return ActivitiesApi.NotManager();
        }

        if (run.Activity.IsCancelled)
        {
            return ActivityChangesApi.CancelledProblem();
        }

        return await MarkAsync(db, activityId, volunteerId, checkIn, time.GetUtcNow(), ct);
    }

    private static async Task<Results<Ok<AttendanceResponse>, ProblemHttpResult>> MarkAsync(
        TeamsDbContext db, Guid activityId, Guid volunteerId, bool checkIn, DateTimeOffset now, CancellationToken ct)
    {
        var signUp = await db.SignUps.FirstOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId && s.Status == SignUpStatus.Confirmed, ct);
        return signUp is null ? NoPlace() : await MarkAsync(db, signUp, checkIn, now, ct);
    }

    private static ProblemHttpResult NoPlace() =>
        ApiProblems.NotFound(SignUpsApi.NotSignedUp, "No one with this activityId holds a place at this activity.");

    private static async Task<Results<Ok<AttendanceResponse>, ProblemHttpResult>> MarkAsync(
        TeamsDbContext db, SignUp signUp, bool checkIn, DateTimeOffset now, CancellationToken ct)
    {
        if (checkIn)
        {
            signUp.CheckIn(now);
        }
        else if (!signUp.CheckOut(now))
        {
            return ApiProblems.Conflict(NotCheckedIn, "Check in before checking out.");
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AttendanceResponse.From(signUp));
    }
}
