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

/// <summary>A volunteer contests confirmed hours within the window; the leader's answer may correct them, as a new event.</summary>
internal static class DisputesApi
{
    public const string NoHours = "no_hours_to_dispute";
    public const string AlreadyDisputed = "hours_already_disputed";
    public const string WindowClosed = "dispute_window_closed";
    public const string NoOpenDispute = "no_open_dispute";
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapDisputesApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/teams/activities/{activityId:guid}").WithTags("Hours");

        activity.MapPost("/disputes", DisputeAsync)
            .WithName("DisputeHours")
            .WithSummary("The signed-in volunteer contests their confirmed hours, within the dispute window (Teams:Activities:DisputeWindowDays).")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, SignUpsApi.NotSignedUp)
            .ProducesProblems(StatusCodes.Status409Conflict, NoHours, AlreadyDisputed, WindowClosed);

        activity.MapPost("/disputes/{volunteerId:guid}/answer", AnswerAsync)
            .WithName("AnswerHoursDispute")
            .WithSummary("Those who confirm the activity's hours answer a dispute with the hours that stand (not their own; no longer than the activity or the attendee's check-in to check-out); a change publishes ServiceHoursAdjusted with the difference.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader, HoursApi.TeamNotApproved)
            .ProducesProblems(StatusCodes.Status404NotFound, ActivitiesApi.ActivityNotFound, NoOpenDispute)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, Activity.OwnHours, Activity.BeyondActivity);

        return app;
    }

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

        var now = time.GetUtcNow();
        var teamId = await db.Activities.Where(a => a.Id == activityId).Select(a => a.TeamId).FirstAsync(ct);
        db.Publish(new ActivityHoursDisputed(Guid.CreateVersion7(now), now, null, activityId, teamId, volunteerId));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SignUpResponse.From(signUp));
    }

    private static async Task<Results<Ok<SignUpResponse>, ProblemHttpResult>> AnswerAsync(
        Guid activityId, Guid volunteerId, AnswerDisputeRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var run = await db.RunOfAsync(await db.LockAsync(activityId, ct), ct);
        if (run is null)
        {
            return ActivitiesApi.NotFound();
        }

        if (await HoursApi.RefuseVoucherAsync(caller, run, authorization) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        if (errors.Check(request.CorrectedHours is not null, "correctedHours", "required"))
        {
            errors.Check(HoursApi.IsHours(request.CorrectedHours!.Value), "correctedHours", "hours_format");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var activity = run.Activity;
        var signUp = await db.SignUps.FirstOrDefaultAsync(s => s.ActivityId == activityId && s.VolunteerId == volunteerId, ct);
        if (signUp is not null && activity.CheckCorrection(caller.RequireAccountId(), signUp, request.CorrectedHours!.Value) is { } refusal)
        {
            return refusal.Problem();
        }

        var now = time.GetUtcNow();
        if (signUp?.Answer(request.CorrectedHours!.Value, now) is not { } delta)
        {
            return ApiProblems.NotFound(NoOpenDispute, "This volunteer has no open dispute at this activity.");
        }

        if (delta != 0m)
        {
            var adjustmentId = Guid.CreateVersion7(now);
            // What stood before: above zero, Points and Volunteers had a credit to correct (and wait for it if it is late).
            db.Publish(new ServiceHoursAdjusted(
                Guid.CreateVersion7(now), now, null, adjustmentId, activity.Id, volunteerId, delta, request.Reason!.Trim(), request.CorrectedHours!.Value - delta));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(SignUpResponse.From(signUp));
    }
}
