using System.Security.Claims;
using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

/// <summary>Signing up with a capacity and a waitlist, giving a place up, and the list of sign-ups.</summary>
internal static class SignUpsApi
{
    public const string ActivityEnded = "activity_ended";
    public const string AlreadySignedUp = "already_signed_up";
    public const string NotSignedUp = "not_signed_up";
    public const string MembersOnly = "team_members_only";

    public static IEndpointRouteBuilder MapSignUpsApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/teams/activities/{activityId:guid}").WithTags("Sign-ups");

        activity.MapPost("/sign-ups", SignUpAsync)
            .WithName("SignUpForActivity")
            .WithSummary("The signed-in volunteer takes a place, or the next place on the waitlist when it is full (not an error). An activity that is not street-wide is for the team's members.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityChangesApi.Cancelled, ActivityEnded, AlreadySignedUp)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, MembersOnly);

        activity.MapDelete("/sign-up", CancelAsync)
            .WithName("CancelSignUp")
            .WithSummary("The signed-in volunteer gives up their place (or waitlist place); a freed place goes to the first on the waitlist (ActivitySignUpPromoted).")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, NotSignedUp)
            .ProducesProblems(StatusCodes.Status409Conflict, ActivityEnded);

        activity.MapGet("/sign-ups", ListAsync)
            .WithName("ListSignUps")
            .WithSummary("The activity's sign-ups in queue order, with each volunteer's display name, attendance and hours: the team's leader or deputies, or an admin of its community; keyset pages.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, Teams.TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound);

        AttendanceApi.MapAttendance(activity);
        return app;
    }

    private static async Task<Results<Created<SignUpResponse>, ProblemHttpResult>> SignUpAsync(
        Guid activityId, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var volunteerId = caller.RequireAccountId();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var activity = await db.LockAsync(activityId, ct);
        if (activity is null)
        {
            return ActivitiesApi.NotFound();
        }

        var now = time.GetUtcNow();
        if (activity.IsCancelled)
        {
            return ActivityChangesApi.CancelledProblem();
        }

        if (activity.HasEnded(now))
        {
            return ApiProblems.Conflict(ActivityEnded, "This activity has ended.");
        }

        if (!activity.StreetWide && !await db.Members.AnyAsync(m => m.TeamId == activity.TeamId && m.VolunteerId == volunteerId, ct))
        {
            return ApiProblems.Unprocessable(MembersOnly, "This activity is open to the team's members only.");
        }

        var signUp = await db.SignUps.FirstOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId, ct);
        if (signUp is { IsActive: true })
        {
            return ApiProblems.Conflict(AlreadySignedUp, "You have already signed up for this activity.");
        }

        if (signUp is null)
        {
            signUp = SignUp.For(activityId, volunteerId, now);
            db.SignUps.Add(signUp);
        }

        activity.Admit(signUp, now);
        db.Publish(new ActivitySignedUp(Guid.CreateVersion7(now), now, null, activityId, activity.TeamId, volunteerId, signUp.Status == SignUpStatus.Waitlisted));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/teams/activities/{activityId}/sign-ups/{signUp.Id}", SignUpResponse.From(signUp));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        Guid activityId, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, ILogger<SignUp> logger, CancellationToken ct)
    {
        var volunteerId = caller.RequireAccountId();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var activity = await db.LockAsync(activityId, ct);
        var signUp = activity is null ? null : await db.SignUps.FirstOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId, ct);
        if (activity is null || signUp is not { IsActive: true })
        {
            return ApiProblems.NotFound(NotSignedUp, "You have not signed up for this activity.");
        }

        var now = time.GetUtcNow();
        if (activity.HasEnded(now))
        {
            return ApiProblems.Conflict(ActivityEnded, "This activity has ended.");
        }

        db.Publish(new ActivitySignUpWithdrawn(Guid.CreateVersion7(now), now, null, activityId, activity.TeamId, volunteerId));
        if (await db.GiveUpAsync(activity, signUp, now, ct) is { } promoted)
        {
            logger.LogInformation("Volunteer {VolunteerId} moved from the waitlist to a place at activity {ActivityId}", promoted, activityId);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Page<SignUpResponse>>, ProblemHttpResult>> ListAsync(
        Guid activityId, int? limit, string? after, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, DisplayNames displayNames,
        CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var run = await db.FindRunAsync(activityId, ct);
        if (run is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, run, Teams.TeamPolicies.ActivityManager))
        {
            return ActivitiesApi.NotManager();
        }

        // Keyset on the sign-up's activityId: ids are made in sign-up order, and a cursor must not move when someone is promoted.
        var query = db.SignUps.AsNoTracking().Where(s => s.ActivityId == activityId);
        if (afterId is { } cursor)
        {
            query = query.Where(s => s.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(s => s.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).Select(s => s.VolunteerId), ct);
        return TypedResults.Ok(Paging.Of(rows, take, s => s.Id, s => SignUpResponse.From(s, names)));
    }
}
