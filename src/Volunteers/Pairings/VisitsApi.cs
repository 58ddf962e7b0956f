using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Pairings;

/// <summary>The paired volunteer logs home visits; the pairing's people and admins read them.</summary>
internal static class VisitsApi
{
    public const string NotThePairedVolunteer = "not_the_paired_volunteer";

    public static IEndpointRouteBuilder MapPairingVisitsApi(this IEndpointRouteBuilder app)
    {
        var visits = app.MapGroup("/volunteers/pairings/{pairingId:guid}/visits").WithTags("Pairings");

        visits.MapPost("/", LogAsync)
            .WithName("LogPairingVisit")
            .WithSummary("The paired volunteer logs a home visit: when, how long, which helps, problems solved, a note. The next visit falls due one cadence after the latest visit.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NotThePairedVolunteer)
            .ProducesProblems(StatusCodes.Status404NotFound, PairingsApi.PairingNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, PairingsApi.VolunteerNotActive, PairingsApi.PairingEnded, PairingsApi.PairingChanged);

        visits.MapGet("/", ListAsync)
            .WithName("ListPairingVisits")
            .WithSummary("The pairing's visits, newest logged first, keyset-paginated.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, PairingsApi.PairingNotFound);

        return app;
    }

    private static async Task<Results<Created<VisitView>, ProblemHttpResult>> LogAsync(
        Guid pairingId, LogVisitRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<PairingVisit> logger, CancellationToken ct)
    {
        var pairing = await db.Pairings.FirstOrDefaultAsync(p => p.Id == pairingId, ct);
        if (pairing is null || !await authorization.AllowsAsync(caller, pairing, PairingPolicies.Party))
        {
            return PairingsApi.NotFound();
        }

        var me = caller.RequireAccountId();
        if (pairing.VolunteerId != me)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, NotThePairedVolunteer, "Only the paired volunteer logs visits.");
        }

        var now = time.GetUtcNow();
        var errors = PairingForms.Check(request, pairing, now, out var helps);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (!await db.Volunteers.AnyAsync(v => v.Id == me && v.Status == VolunteerStatus.Active, ct))
        {
            return ApiProblems.Conflict(PairingsApi.VolunteerNotActive, "A suspended volunteer logs no visits.");
        }

        var visit = PairingVisit.Log(pairing.Id, me, request.VisitedAt!.Value, request.DurationMinutes!.Value, helps, request.ProblemsSolved ?? 0,
            PairingForms.Optional(errors, "note", request.Note, PairingVisit.MaxNoteLength), now);
        if (!pairing.RecordVisit(visit))
        {
            return PairingsApi.Ended(pairing);
        }

        // The pending overdue check stays where it is: when it comes due it finds the later date and moves.
        db.PairingVisits.Add(visit);
        if (await PairingsApi.SaveAsync(db, pairing, ct) is { } refused)
        {
            return refused;
        }

        logger.LogInformation("Visit {VisitId} logged on pairing {PairingId}", visit.Id, pairing.Id);
        return TypedResults.Created($"/volunteers/pairings/{pairing.Id}/visits/{visit.Id}", VisitView.From(visit));
    }

    private static async Task<Results<Ok<Page<VisitView>>, ProblemHttpResult>> ListAsync(
        Guid pairingId, int? limit, string? after, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var pairing = await db.Pairings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pairingId, ct);
        if (pairing is null || !await authorization.AllowsAsync(caller, pairing, PairingPolicies.Party))
        {
            return PairingsApi.NotFound();
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var query = db.PairingVisits.AsNoTracking().Where(v => v.PairingId == pairingId);
        if (cursor is { } before)
        {
            query = query.Where(v => v.Id.CompareTo(before) < 0);
        }

        // Newest logged first: ids are time-ordered, so the cursor is stable while visits are added.
        var page = await query.OrderByDescending(v => v.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, v => v.Id, VisitView.From));
    }
}
