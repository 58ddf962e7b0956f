using System.Security.Claims;
using Alliance.Contracts.Needs;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Board;

internal static class NeedsApi
{
    public const string NeedNotFound = "need_not_found";
    public const string NeedNotCancellable = "need_not_cancellable";

    public static IEndpointRouteBuilder MapNeedsApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/needs").WithTags("Needs");

        needs.MapPost("/", PostAsync)
            .WithName("PostNeed")
            .WithSummary("Posts a need on the street-wide board as the signed-in resident (provisional shape).")
            .Access(AccessClass.SignedIn)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        needs.MapGet("/{id:guid}", GetAsync)
            .WithName("GetNeed")
            .WithSummary("Reads one need from the board.")
            .Access(AccessClass.SignedIn)
            .ProducesProblem(StatusCodes.Status404NotFound);

        needs.MapPost("/{id:guid}/cancellation", CancelAsync)
            .WithName("CancelNeed")
            .WithSummary("Withdraws a need before it is done: its requester, or an admin whose scope covers it; anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static async Task<Results<Created<NeedResponse>, ProblemHttpResult>> PostAsync(
        PostNeedRequest request, ClaimsPrincipal caller, NeedsDbContext db, TimeProvider time, ILogger<Need> logger, CancellationToken ct)
    {
        var errors = Need.Check(request.Title, request.KindId, request.CommunityId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var need = Need.Post(caller.RequireAccountId(), request.Title!, request.KindId!, request.CommunityId!, now);
        db.Needs.Add(need);
        db.Publish(new NeedPosted(Guid.CreateVersion7(now), now, null, need.Id, need.RequesterId, need.KindId, need.CommunityId));
        await db.SaveChangesAsync(ct);

        logger.LogInformation("Need {NeedId} of kind {KindId} posted in {CommunityId}", need.Id, need.KindId, need.CommunityId);
        return TypedResults.Created($"/needs/{need.Id}", NeedResponse.From(need, showRequester: true));
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
        return need is null
            ? ApiProblems.NotFound(NeedNotFound, "No need has this id.")
            : TypedResults.Ok(NeedResponse.From(need, await authorization.AllowsAsync(caller, need, NeedPolicies.Requester)));
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<Need> logger, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null || !await authorization.AllowsAsync(caller, need, NeedPolicies.Requester))
        {
            return ApiProblems.NotFound(NeedNotFound, "No need has this id.");
        }

        var now = time.GetUtcNow();
        if (!need.Cancel(now))
        {
            return ApiProblems.Conflict(NeedNotCancellable, $"A need that is {need.Status} cannot be cancelled.");
        }

        db.Publish(new NeedCancelled(Guid.CreateVersion7(now), now, null, need.Id, caller.RequireAccountId(), need.ClaimantId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict(NeedNotCancellable, "The need changed while it was being cancelled; read it again.");
        }

        logger.LogInformation("Need {NeedId} cancelled", need.Id);
        return TypedResults.Ok(NeedResponse.From(need, showRequester: true));
    }
}
