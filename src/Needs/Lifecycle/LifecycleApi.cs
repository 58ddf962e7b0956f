using System.Security.Claims;
using Alliance.Contracts.Needs;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Board;
using Alliance.Needs.Claims;
using Alliance.Needs.Data;
using Alliance.Needs.Timers;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Needs.Lifecycle;

/// <summary>From the start of the work to its confirmation: start, completion with hours, confirmation or dispute, and an admin's resolution.</summary>
internal static class LifecycleApi
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/needs/{id:guid}").WithTags("Needs");

        needs.MapPost("/start", StartAsync)
            .WithName("StartNeed").WithSummary("The claimant starts the accepted work (a team's leader after assigning members).")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedClaimant)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotAccepted, NeedCodes.NoHelpersAssigned);

        needs.MapPost("/completion", CompleteAsync)
            .WithName("CompleteNeed").WithSummary("The claimant reports the work done: each helper's hours (night hours apart), at most the time since the start plus Needs:Hours:Allowance, and a note.")
            .Access(AccessClass.Owner).NamesPeople("helpers")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedClaimant)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotInProgress)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.HelperNotAssigned, NeedCodes.HelpersRequired, NeedCodes.HoursBeyondElapsed);

        needs.MapPost("/confirmation", ConfirmAsync)
            .WithName("ConfirmNeed").WithSummary("The requester (or a grid worker for an assisted resident, never one who claimed or helped) confirms the completion with a rating of 1-5; publishes NeedConfirmed.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedRequester)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotCompleted)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.CannotConfirmOwnWork);

        needs.MapPost("/dispute", DisputeAsync)
            .WithName("DisputeNeed").WithSummary("The requester (or a grid worker for an assisted resident) disputes the completion; an admin of the community resolves it.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedRequester)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotCompleted);

        needs.MapPost("/dispute/resolution", ResolveAsync)
            .WithName("ResolveNeedDispute").WithSummary("An admin of the need's community (or the street), never one who claimed or helped, resolves a dispute: confirmed, possibly with other hours that fit the time, or cancelled.")
            .Access(AccessClass.ScopedAdmin).NamesPeople("helpers")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotDisputeResolver)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotDisputed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.CannotResolveOwnWork, NeedCodes.HelperNotAssigned, NeedCodes.HoursBeyondElapsed);

        return app;
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> StartAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Claimant))
        {
            return ClaimsApi.NotClaimant();
        }

        var now = time.GetUtcNow();
        if (need.Start(now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Started(need, caller.RequireAccountId(), now));
        return await Saved(db, need, NeedCodes.NeedNotAccepted, ct);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> CompleteAsync(
        Guid id, CompletionRequest request, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, NeedTimerOptions timers,
        IOptions<NeedHoursOptions> hours, TimeProvider time, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        // A merchant's work names no helpers: its completion may leave them out.
        var errors = new FieldErrors();
        var helpers = need.ClaimantKind == ClaimantKind.Merchant && request.Helpers is null or [] ? [] : HoursRules.Check(request.Helpers, errors);
        var note = HoursRules.Text(request.Note, "note", errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Claimant))
        {
            return ClaimsApi.NotClaimant();
        }

        var now = time.GetUtcNow();
        if (need.Complete(helpers!, note, hours.Value.Allowance, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Completed(need, now));
        NeedTimers.AfterCompletion(db, need, timers);
        return await Saved(db, need, NeedCodes.NeedNotInProgress, ct);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid id, ConfirmationRequest request, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Check(request.Rating is >= 1 and <= 5, "rating", request.Rating is null ? "required" : "out_of_range");
        var comment = HoursRules.Text(request.Comment, "comment", errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Answerer))
        {
            return ClaimsApi.NotRequester();
        }

        var now = time.GetUtcNow();
        var by = NeedActor.Of(caller);
        var confirmer = by.Id == need.RequesterId ? NeedConfirmer.Resident : caller.IsInRole(Roles.GridWorker) ? NeedConfirmer.GridWorker : NeedConfirmer.Admin;
        if (need.Confirm(confirmer, by, request.Rating!.Value, comment, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Confirmed(need, now));
        return await Saved(db, need, NeedCodes.NeedNotCompleted, ct);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> DisputeAsync(
        Guid id, DisputeRequest request, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = HoursRules.Text(request.Reason, "reason", errors);
        errors.Check(reason is not null, "reason", "required");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Answerer))
        {
            return ClaimsApi.NotRequester();
        }

        var now = time.GetUtcNow();
        var by = caller.RequireAccountId();
        if (need.Dispute(by, reason!, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Disputed(need, by, now));
        return await Saved(db, need, NeedCodes.NeedNotCompleted, ct);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolutionRequest request, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization,
        IOptions<NeedHoursOptions> hours, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var confirmed = request.Outcome == "confirmed";
        errors.Check(confirmed || request.Outcome == "cancelled", "outcome", request.Outcome is null ? "required" : "unknown_outcome");
        var helpers = request.Helpers is null ? null : HoursRules.Check(request.Helpers, errors);
        var note = HoursRules.Text(request.Note, "note", errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.DisputeResolver))
        {
            return NeedResults.Forbidden(NeedCodes.NotDisputeResolver, "Only an admin of the need's community, or of the street, resolves its dispute.");
        }

        var now = time.GetUtcNow();
        var by = NeedActor.Of(caller);
        if (need.ResolveDispute(confirmed, helpers, note, by, hours.Value.Allowance, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        if (confirmed)
        {
            db.Publish(NeedMessages.Confirmed(need, now));
        }
        else
        {
            db.Publish(NeedMessages.Cancelled(need, by.Id, now));
        }

        return await Saved(db, need, NeedCodes.NeedNotDisputed, ct);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> Saved(NeedsDbContext db, Need need, string raceCode, CancellationToken ct) =>
        await NeedResults.TrySaveAsync(db, ct) ? TypedResults.Ok(NeedResponse.From(need, showRequester: false)) : NeedResults.Changed(raceCode);
}
