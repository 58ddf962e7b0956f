using System.Security.Claims;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Contacts;
using Alliance.Needs.Data;
using Alliance.Needs.Timers;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Board;

internal static class NeedsApi
{
    public static IEndpointRouteBuilder MapNeedsApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/needs").WithTags("Needs");

        needs.MapPost("/", PostAsync)
            .WithName("PostNeed")
            .WithSummary("Posts a need on the street-wide board for the caller, or (requesterId) for an assisted resident of a place the caller covers, at the resident's own community and grid cell.")
            .Access(AccessClass.SignedIn)
            .NamesPeople("requesterId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.ResidentOutOfScope)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.NotResidentsPlace)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, ErrorCodes.IdentityUnavailable);

        needs.MapGet("/{id:guid}", GetAsync)
            .WithName("GetNeed")
            .WithSummary("Reads one need; address, building and phone only for those docs/domain.md names, the claimant's side from acceptance on; the names of who claimed and who helps only for the requester's side and the claimant's side.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound);

        needs.MapPost("/{id:guid}/cancellation", CancelAsync)
            .WithName("CancelNeed")
            .WithSummary("Withdraws a need before it is completed: its requester, or an admin whose scope covers it; anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotCancellable);

        return app;
    }

    private static async Task<Results<Created<NeedResponse>, ProblemHttpResult>> PostAsync(
        PostNeedRequest request, ClaimsPrincipal caller, NeedsDbContext db, RequesterContacts contacts, NeedTimerOptions timers, TimeProvider time,
        HttpContext http, ILogger<Need> logger, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (NeedDraft.From(request, now, out var errors) is not { } draft)
        {
            return ApiProblems.Validation(errors);
        }

        var callerId = caller.RequireAccountId();
        var requesterId = request.RequesterId ?? callerId;
        if (requesterId != callerId)
        {
            if (!AssistedPosting.MayPostForOthers(caller))
            {
                return NeedResults.Refused(AssistedPosting.OutOfScope);
            }

            if (await contacts.ResidentAsync(requesterId, ct) is not { } resident)
            {
                return ApiProblems.Unavailable(ErrorCodes.IdentityUnavailable, "Identity did not answer in time; retry later.");
            }

            if (AssistedPosting.Check(caller, resident, draft) is { } refusal)
            {
                return NeedResults.Refused(refusal);
            }
        }

        var need = Need.Post(draft, requesterId, callerId, now);
        db.Needs.Add(need);
        db.Publish(NeedMessages.Posted(need, now));
        NeedTimers.AfterPosting(db, need);
        // The answer is kept with the need: a resident's retry after a crash gets this need back, never a second one.
        var answer = NeedResponse.From(need, showRequester: true, new NeedContact(need.Address, need.Building, null));
        if (!await db.SaveKeepingAnswerAsync(http, StatusCodes.Status201Created, answer, $"/needs/{need.Id}", ct))
        {
            return ApiProblems.Unavailable(ErrorCodes.TryAgain, "The need was not posted; send the same request again with the same Idempotency-Key.");
        }

        logger.LogInformation("Need {NeedId} of kind {KindId} posted in {GridId}", need.Id, need.KindId, need.GridId);
        return TypedResults.Created($"/needs/{need.Id}", answer);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, RequesterContacts contacts, DisplayNames displayNames,
        CancellationToken ct)
    {
        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        NeedContact? contact = null;
        if (await authorization.AllowsAsync(caller, need, NeedPolicies.Contact))
        {
            contact = new NeedContact(need.Address, need.Building, await contacts.PhoneAsync(need.RequesterId, ct));
        }

        var names = await authorization.AllowsAsync(caller, need, NeedPolicies.People) ? await displayNames.ForAsync(need.People, ct) : null;
        return TypedResults.Ok(NeedResponse.From(need, await authorization.AllowsAsync(caller, need, NeedPolicies.Requester), contact, names));
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<Need> logger, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null || !await authorization.AllowsAsync(caller, need, NeedPolicies.Requester))
        {
            return NeedResults.NotFound();
        }

        var now = time.GetUtcNow();
        var by = caller.RequireAccountId();
        if (need.Cancel(by, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Cancelled(need, by, now));
        if (!await NeedResults.TrySaveAsync(db, ct))
        {
            return NeedResults.Changed(NeedCodes.NeedNotCancellable);
        }

        logger.LogInformation("Need {NeedId} cancelled", need.Id);
        return TypedResults.Ok(NeedResponse.From(need, showRequester: true));
    }
}
