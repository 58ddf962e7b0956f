using System.Security.Claims;
using Alliance.Contracts.Reference;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

internal static class VolunteersApi
{
    public const string AlreadyRegistered = "volunteer_already_registered";
    public const string IdCardAlreadyRegistered = "id_card_already_registered";
    public const string VolunteerNotFound = "volunteer_not_found";
    public const string NotPending = "volunteer_not_pending";
    public const string OutOfScope = "volunteers_out_of_scope";

    public static IEndpointRouteBuilder MapVolunteersApi(this IEndpointRouteBuilder app)
    {
        var volunteers = app.MapGroup("/volunteers").WithTags("Volunteers");

        volunteers.MapPost("/", RegisterAsync)
            .WithName("RegisterVolunteer")
            .WithSummary("Registers the signed-in person as a volunteer with real name, ID card, place, skills, availability and an emergency contact; pending verification. The mobile is the account's.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status409Conflict, AlreadyRegistered, IdCardAlreadyRegistered);

        volunteers.MapGet("/me", GetMineAsync)
            .WithName("GetMyVolunteerRecord")
            .WithSummary("The caller's own volunteer record, with their mobile from Identity (phone.status says if Identity could not be asked).")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteerNotFound);

        volunteers.MapGet("/{id:guid}", GetAsync)
            .WithName("GetVolunteer")
            .WithSummary("Reads one volunteer: the volunteer themself (whole mobile and emergency contact's mobile), or an admin of their community (both masked); anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteerNotFound);

        volunteers.MapGet("/communities/{communityId}", ListAsync)
            .WithName("ListCommunityVolunteers")
            .WithSummary("A community's volunteers for its admins (a grid worker sees their own cells'), oldest registration first, filtered by status (?status=pending is the verification queue), grid and skill; keyset-paginated.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, OutOfScope);

        volunteers.MapPost("/{id:guid}/verification", VerifyAsync)
            .WithName("VerifyVolunteer")
            .WithSummary("A community admin (or street admin) verifies a pending volunteer of their community; the volunteer role follows in their next token.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteerNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NotPending);

        return app;
    }

    private static async Task<Results<Created<VolunteerResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterVolunteerRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IdCardProtector idCards, ErasedVolunteers erased, TimeProvider time,
        ILogger<Volunteer> logger, CancellationToken ct)
    {
        var (errors, registration) = RegistrationForm.Check(request);
        if (registration is null)
        {
            return ApiProblems.Validation(errors);
        }

        var accountId = caller.RequireAccountId();
        if (await db.Volunteers.AnyAsync(v => v.Id == accountId, ct))
        {
            return AlreadyRegisteredConflict();
        }

        var hash = idCards.Hash(registration.IdCard);
        if (await db.Volunteers.AnyAsync(v => v.IdCardHash == hash, ct))
        {
            return IdCardConflict();
        }

        var now = time.GetUtcNow();
        var volunteer = Volunteer.Register(accountId, registration, idCards, now);
        db.Volunteers.Add(volunteer);
        // Someone who erased their data and comes back: hours for them are theirs again.
        await erased.ForgetOnSaveAsync(volunteer.Id, ct);
        db.Publish(new VolunteerRegistered(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Volunteer.PrimaryKey))
        {
            // Lost a race with the same person's other registration.
            return AlreadyRegisteredConflict();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Volunteer.IdCardHashIndex))
        {
            // Lost a race with another person registering the same ID card.
            return IdCardConflict();
        }

        logger.LogInformation("Volunteer {VolunteerId} registered in {CommunityId}", volunteer.Id, volunteer.CommunityId);
        return TypedResults.Created($"/volunteers/{volunteer.Id}", VolunteerResponse.From(volunteer, idCards, caller));
    }

    private static async Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> GetMineAsync(
        ClaimsPrincipal caller, VolunteersDbContext db, IdCardProtector idCards, IdentityContacts contacts, CancellationToken ct)
    {
        var id = caller.RequireAccountId();
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return volunteer is null
            ? ApiProblems.NotFound(VolunteerNotFound, "You are not registered as a volunteer.")
            : TypedResults.Ok(VolunteerResponse.From(volunteer, idCards, caller, await contacts.PhoneAsync(id, masked: false, ct)));
    }

    private static async Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, IdCardProtector idCards, IdentityContacts contacts, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null || !await authorization.AllowsAsync(caller, volunteer, VolunteerPolicies.SelfOrScopedAdmin))
        {
            return ApiProblems.NotFound(VolunteerNotFound, "No volunteer has this id.");
        }

        var phone = await contacts.PhoneAsync(id, masked: caller.AccountId() != id, ct);
        return TypedResults.Ok(VolunteerResponse.From(volunteer, idCards, caller, phone));
    }

    private static async Task<Results<Ok<Page<VolunteerSummary>>, ProblemHttpResult>> ListAsync(
        string communityId, string? status, string? gridId, string? skill, int? limit, string? after, ClaimsPrincipal caller, VolunteersDbContext db, CancellationToken ct)
    {
        var grids = VolunteerPolicies.GridsWithin(caller, communityId);
        if (grids is [])
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, OutOfScope, "Your scope does not reach this community's volunteers.");
        }

        var errors = new FieldErrors();
        VolunteerStatus? wanted = null;
        if (status is not null)
        {
            // The wire names are camelCase ("pending"); any case is taken.
            wanted = status.All(char.IsAsciiLetter) && Enum.TryParse<VolunteerStatus>(status, ignoreCase: true, out var parsed) ? parsed : null;
            errors.Check(wanted is not null, "status", "unknown_status");
        }

        errors.Check(skill is null || ReferenceData.Current.IsKind(skill), "skill", "unknown_kind");
        errors.Check(limit is null or (>= 1 and <= Paging.MaxLimit), "limit", "out_of_range");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var query = db.Volunteers.AsNoTracking().Where(v => v.CommunityId == communityId);
        if (grids is not null)
        {
            query = query.Where(v => grids.Contains(v.GridId));
        }

        query = gridId is null ? query : query.Where(v => v.GridId == gridId);
        query = wanted is null ? query : query.Where(v => v.Status == wanted);
        query = skill is null ? query : query.Where(v => v.Skills.Contains(skill));
        if (cursor is { } last)
        {
            // Oldest registration first, so the queue is worked in order: the cursor's volunteer gives the place.
            var lastAt = await db.Volunteers.Where(v => v.Id == last).Select(v => (DateTimeOffset?)v.RegisteredAt).FirstOrDefaultAsync(ct);
            if (lastAt is null)
            {
                return ApiProblems.Validation(new FieldErrors().Add("after", "unknown_cursor"));
            }

            query = query.Where(v => v.RegisteredAt > lastAt || (v.RegisteredAt == lastAt && v.Id.CompareTo(last) > 0));
        }

        var page = await query.OrderBy(v => v.RegisteredAt).ThenBy(v => v.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, v => v.Id, VolunteerSummary.From));
    }

    private static async Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> VerifyAsync(
        Guid id, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, IdCardProtector idCards, TimeProvider time, ILogger<Volunteer> logger, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null || !await authorization.AllowsAsync(caller, volunteer, VolunteerPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(VolunteerNotFound, "No volunteer of your community has this id.");
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!volunteer.Verify(admin, now))
        {
            return ApiProblems.Conflict(NotPending, $"Only a pending registration can be verified; this one is {volunteer.Status}.");
        }

        db.Publish(new VolunteerVerified(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId, admin));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict(NotPending, "The registration changed while it was being verified; read it again.");
        }

        logger.LogInformation("Volunteer {VolunteerId} verified by {AdminId}", volunteer.Id, admin);
        return TypedResults.Ok(VolunteerResponse.From(volunteer, idCards, caller));
    }

    private static ProblemHttpResult AlreadyRegisteredConflict() =>
        ApiProblems.Conflict(AlreadyRegistered, "You are already registered as a volunteer.");

    private static ProblemHttpResult IdCardConflict() =>
        ApiProblems.Conflict(IdCardAlreadyRegistered, "A volunteer is already registered with this ID card number.");
}
