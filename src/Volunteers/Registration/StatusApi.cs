using System.Security.Claims;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

/// <summary>Suspension and reinstatement by an admin of the volunteer's community, each with a reason and its events.</summary>
internal static class StatusApi
{
    public const string NotActive = "volunteer_not_active";
    public const string NotSuspended = "volunteer_not_suspended";
    public const string VolunteerChanged = "volunteer_changed";

    public static IEndpointRouteBuilder MapVolunteerStatusApi(this IEndpointRouteBuilder app)
    {
        var volunteers = app.MapGroup("/volunteers").WithTags("Volunteers");

        volunteers.MapPost("/{id:guid}/suspension", SuspendAsync)
            .WithName("SuspendVolunteer")
            .WithSummary("An admin of the volunteer's community suspends an active volunteer, with a reason; the volunteer role is revoked (VolunteerSuspended, VolunteerVerificationRevoked).")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NotActive, VolunteerChanged);

        volunteers.MapPost("/{id:guid}/reinstatement", ReinstateAsync)
            .WithName("ReinstateVolunteer")
            .WithSummary("An admin of the volunteer's community reinstates a suspended volunteer, with a reason; the volunteer role is granted again (VolunteerReinstated, VolunteerVerified).")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NotSuspended, VolunteerChanged);

        volunteers.MapGet("/{id:guid}/status-history", HistoryAsync)
            .WithName("GetVolunteerStatusHistory")
            .WithSummary("Every change of the volunteer's status, oldest first, with who made it and why: for the volunteer themself and the admins of their community.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<StatusChangeView>>, ProblemHttpResult>> HistoryAsync(
        Guid id, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null || !await authorization.AllowsAsync(caller, volunteer, VolunteerPolicies.SelfOrScopedAdmin))
        {
            return ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "No volunteer has this id.");
        }

        return TypedResults.Ok<IReadOnlyList<StatusChangeView>>([.. volunteer.History.OrderBy(c => c.At).ThenBy(c => c.Id).Select(StatusChangeView.Of)]);
    }

    private static Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> SuspendAsync(
        Guid id, StatusChangeRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, IdCardProtector idCards, TimeProvider time, ILogger<Volunteer> logger, CancellationToken ct) =>
        ChangeAsync(id, request, caller, db, authorization, idCards, (volunteer, admin, reason) =>
        {
            var now = time.GetUtcNow();
            if (!volunteer.Suspend(admin, reason, now))
            {
                return ApiProblems.Conflict(NotActive, $"Only an active volunteer can be suspended; this one is {volunteer.Status}.");
            }

            db.Publish(new VolunteerSuspended(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId, admin));
            db.Publish(new VolunteerVerificationRevoked(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId, admin));
            logger.LogInformation("Volunteer {VolunteerId} suspended by {AdminId}", volunteer.Id, admin);
            return null;
        }, ct);

    private static Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> ReinstateAsync(
        Guid id, StatusChangeRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, IdCardProtector idCards, TimeProvider time, ILogger<Volunteer> logger, CancellationToken ct) =>
        ChangeAsync(id, request, caller, db, authorization, idCards, (volunteer, admin, reason) =>
        {
            var now = time.GetUtcNow();
            if (!volunteer.Reinstate(admin, reason, now))
            {
                return ApiProblems.Conflict(NotSuspended, $"Only a suspended volunteer can be reinstated; this one is {volunteer.Status}.");
            }

            db.Publish(new VolunteerReinstated(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId, admin));
            db.Publish(new VolunteerVerified(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId, admin));
            logger.LogInformation("Volunteer {VolunteerId} reinstated by {AdminId}", volunteer.Id, admin);
            return null;
        }, ct);

    /// <summary>Loads the volunteer within the admin's scope (404 otherwise, before the body is judged), checks the reason, applies the change, saves.</summary>
    private static async Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> ChangeAsync(
        Guid id, StatusChangeRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, IdCardProtector idCards,
        Func<Volunteer, Guid, string, ProblemHttpResult?> change, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null || !await authorization.AllowsAsync(caller, volunteer, VolunteerPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "No volunteer of your community has this id.");
        }

        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= StatusChangeRequest.MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (change(volunteer, caller.RequireAccountId(), request.Reason!.Trim()) is { } refused)
        {
            return refused;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict(VolunteerChanged, "The volunteer changed while this was being done; read it again.");
        }

        return TypedResults.Ok(VolunteerResponse.From(volunteer, idCards, caller));
    }
}
