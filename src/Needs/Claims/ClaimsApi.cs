using System.Security.Claims;
using Alliance.Contracts.Needs;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Board;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Claims;

internal static class ClaimsApi
{
    public const string NeedAlreadyClaimed = "need_already_claimed";
    public const string VolunteerNotFound = "volunteer_not_found";
    public const string VolunteersUnavailable = "volunteers_unavailable";
    public const string OwnNeed = "cannot_claim_own_need";

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/needs/{id:guid}/claims", ClaimAsync)
            .WithTags("Needs")
            .WithName("ClaimNeed")
            .WithSummary("Claims an open need as the signed-in volunteer; exactly one claim wins (provisional: teams and merchants claim in the needs issue).")
            .Access(AccessClass.Volunteer)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Created<NeedResponse>, ProblemHttpResult>> ClaimAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, VolunteerDirectory volunteers, TimeProvider time,
        ILogger<NeedClaimed> logger, CancellationToken ct)
    {
        var volunteerId = caller.RequireAccountId();
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return ApiProblems.NotFound(NeedsApi.NeedNotFound, "No need has this id.");
        }

        if (need.IsRequestedBy(volunteerId))
        {
            return ApiProblems.Unprocessable(OwnNeed, "You cannot claim a need you posted.");
        }

        if (!need.CanBeClaimed)
        {
            return AlreadyClaimed();
        }

        switch (await volunteers.FindAsync(volunteerId, ct))
        {
            case VolunteerLookup.NotFound:
                return ApiProblems.Unprocessable(VolunteerNotFound, "You are not registered with Volunteers.");
            case VolunteerLookup.Unavailable:
                return ApiProblems.Unavailable(VolunteersUnavailable, "The Volunteers service did not answer in time; retry later.");
        }

        var now = time.GetUtcNow();
        if (!need.Claim(volunteerId, now))
        {
            return AlreadyClaimed();
        }

        db.Publish(new NeedClaimed(Guid.CreateVersion7(now), now, null, need.Id, volunteerId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AlreadyClaimed();
        }

        logger.LogInformation("Need {NeedId} claimed by {VolunteerId}", need.Id, volunteerId);
        return TypedResults.Created($"/needs/{need.Id}", NeedResponse.From(need, showRequester: false));
    }

    private static ProblemHttpResult AlreadyClaimed() =>
        ApiProblems.Conflict(NeedAlreadyClaimed, "This need has already been claimed.");
}
