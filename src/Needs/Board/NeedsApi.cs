using Alliance.Contracts.Needs;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Board;

internal static class NeedsApi
{
    public const string NeedNotFound = "need_not_found";

    public static IEndpointRouteBuilder MapNeedsApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/needs").WithTags("Needs");

        needs.MapPost("/", PostAsync)
            .WithName("PostNeed")
            .WithSummary("Posts a need on the street-wide board (provisional shape).")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        needs.MapGet("/{id:guid}", GetAsync)
            .WithName("GetNeed")
            .WithSummary("Reads one need.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Results<Created<NeedResponse>, ProblemHttpResult>> PostAsync(
        PostNeedRequest request, NeedsDbContext db, TimeProvider time, ILogger<Need> logger, CancellationToken ct)
    {
        var errors = Need.Check(request.Title, request.KindId, request.CommunityId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var need = Need.Post(request.Title!, request.KindId!, request.CommunityId!, now);
        db.Needs.Add(need);
        db.Publish(new NeedPosted(Guid.CreateVersion7(now), now, null, need.Id, need.KindId, need.CommunityId));
        await db.SaveChangesAsync(ct);

        logger.LogInformation("Need {NeedId} of kind {KindId} posted in {CommunityId}", need.Id, need.KindId, need.CommunityId);
        return TypedResults.Created($"/needs/{need.Id}", NeedResponse.From(need));
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> GetAsync(Guid id, NeedsDbContext db, CancellationToken ct)
    {
        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
        return need is null
            ? ApiProblems.NotFound(NeedNotFound, "No need has this id.")
            : TypedResults.Ok(NeedResponse.From(need));
    }
}
