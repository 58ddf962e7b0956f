using System.Security.Claims;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Pairings;

/// <summary>
/// One-to-one pairing (结对帮扶): an admin of the recipient's community pairs a verified volunteer with
/// a care recipient, with an agreement and the consent noted (PairingStart.cs); amends the agreement; ends the pairing.
/// </summary>
internal static partial class PairingsApi
{
    public const string PairingNotFound = "pairing_not_found";
    public const string OutOfScope = "pairing_out_of_scope";
    public const string NotManager = "not_pairing_manager";
    public const string VolunteerUnknown = "volunteer_unknown";
    public const string VolunteerNotActive = "volunteer_not_active";
    public const string RecipientUnknown = "recipient_unknown";
    public const string RecipientAlreadyPaired = "recipient_already_paired";
    public const string PairingEnded = "pairing_ended";
    public const string PairingChanged = "pairing_changed";

    public static IEndpointRouteBuilder MapPairingsApi(this IEndpointRouteBuilder app)
    {
        var pairings = app.MapGroup("/volunteers/pairings").WithTags("Pairings");

        pairings.MapPost("/", StartAsync)
            .WithName("StartPairing")
            .WithSummary("An admin covering both pairs an active volunteer of their community with an assisted resident of their community, with the agreement (helps, other services, visit cadence) and who consented (PairingStarted). "
                + "The pairing's community and grid are the recipient's, from Identity's record. A recipient who is not an assisted account of the caller's place, or a volunteer of another community, is refused (403).")
            .Access(AccessClass.ScopedAdmin)
            .NamesPeople("volunteerId", "recipientId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, OutOfScope)
            .ProducesProblems(StatusCodes.Status409Conflict, RecipientAlreadyPaired)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, VolunteerUnknown, VolunteerNotActive, RecipientUnknown)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, ErrorCodes.IdentityUnavailable);

        pairings.MapGet("/mine", MineAsync)
            .WithName("ListMyPairings")
            .WithSummary("The caller's pairings, as the volunteer or as the recipient, newest first, keyset-paginated.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        pairings.MapGet("/{pairingId:guid}", GetAsync)
            .WithName("GetPairing")
            .WithSummary("One pairing with the address and both people's names and phones: for its volunteer, its recipient, and the admins and grid worker of the recipient's place.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, PairingNotFound);

        pairings.MapPut("/{pairingId:guid}/agreement", AmendAsync)
            .WithName("AmendPairingAgreement")
            .WithSummary("An admin of the recipient's community replaces the agreement; the next visit falls due by the new cadence.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NotManager)
            .ProducesProblems(StatusCodes.Status404NotFound, PairingNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, PairingEnded, PairingChanged);

        pairings.MapPost("/{pairingId:guid}/ending", EndAsync)
            .WithName("EndPairing")
            .WithSummary("An admin of the recipient's community ends the pairing, with a reason (PairingEnded); its visits stay on record.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NotManager)
            .ProducesProblems(StatusCodes.Status404NotFound, PairingNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, PairingEnded, PairingChanged);

        app.MapGet("/volunteers/communities/{communityId}/pairings", ListAsync)
            .WithTags("Pairings")
            .WithName("ListCommunityPairings")
            .WithSummary("A community's pairings for its admins (a grid worker sees their own cells'), filtered by grid, volunteer, recipient, status and overdue, newest first, keyset-paginated.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, OutOfScope);

        return app;
    }

    private static async Task<Results<Ok<Page<PairingView>>, ProblemHttpResult>> MineAsync(
        int? limit, string? after, ClaimsPrincipal caller, VolunteersDbContext db, DisplayNames displayNames, TimeProvider time, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var me = caller.RequireAccountId();
        var query = db.Pairings.AsNoTracking().Where(p => p.VolunteerId == me || p.RecipientId == me);
        if (cursor is { } before)
        {
            query = query.Where(p => p.Id.CompareTo(before) < 0);
        }

        var page = await query.OrderByDescending(p => p.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(await PageAsync(page, take, displayNames, time.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<PairingDetail>, ProblemHttpResult>> GetAsync(
        Guid pairingId, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, IdentityContacts identity, DisplayNames displayNames,
        TimeProvider time, CancellationToken ct)
    {
        var pairing = await db.Pairings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pairingId, ct);
        if (pairing is null || !await authorization.AllowsAsync(caller, pairing, PairingPolicies.Party))
        {
            return NotFound();
        }

        var volunteerName = pairing.VolunteerId is { } volunteerId
            ? await db.Volunteers.AsNoTracking().Where(v => v.Id == volunteerId).Select(v => v.Name).FirstOrDefaultAsync(ct)
            : null;
        var volunteerContact = pairing.VolunteerId is { } id ? await identity.LookUpAsync(id, ct) : null;
        var recipientContact = await identity.LookUpAsync(pairing.RecipientId, ct);
        return TypedResults.Ok(new PairingDetail(
            PairingView.From(pairing, time.GetUtcNow(), await displayNames.ForAsync(PairingView.People([pairing]), ct)),
            pairing.Address,
            pairing.VolunteerId is { } v ? new PersonView(v, volunteerName, volunteerContact?.Mobile) : null,
            new PersonView(pairing.RecipientId, recipientContact.DisplayName, recipientContact.Mobile)));
    }

    private static async Task<Results<Ok<Page<PairingView>>, ProblemHttpResult>> ListAsync(
        string communityId, string? gridId, Guid? volunteerId, Guid? recipientId, string? status, bool? overdue, int? limit, string? after,
        ClaimsPrincipal caller, VolunteersDbContext db, DisplayNames displayNames, TimeProvider time, CancellationToken ct)
    {
        var grids = VolunteerPolicies.GridsWithin(caller, communityId);
        if (grids is [])
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, OutOfScope, "Your scope does not reach this community's pairings.");
        }

        var errors = new FieldErrors();
        errors.Check(limit is null or (>= 1 and <= Paging.MaxLimit), "limit", "out_of_range");
        PairingStatus? wanted = null;
        if (status is not null)
        {
            // The wire names are camelCase ("active"); any case is taken.
            wanted = status.All(char.IsAsciiLetter) && Enum.TryParse<PairingStatus>(status, ignoreCase: true, out var parsedStatus) ? parsedStatus : null;
            errors.Check(wanted is not null, "status", "unknown_status");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var query = db.Pairings.AsNoTracking().Where(p => p.CommunityId == communityId);
        if (grids is not null)
        {
            query = query.Where(p => grids.Contains(p.GridId));
        }

        query = gridId is null ? query : query.Where(p => p.GridId == gridId);
        query = volunteerId is null ? query : query.Where(p => p.VolunteerId == volunteerId);
        query = recipientId is null ? query : query.Where(p => p.RecipientId == recipientId);
        query = wanted is null ? query : query.Where(p => p.Status == wanted);
        query = overdue switch
        {
            true => query.Where(p => p.Status == PairingStatus.Active && (p.MissedCadences > 0 || p.NextVisitDueAt <= now)),
            false => query.Where(p => !(p.Status == PairingStatus.Active && (p.MissedCadences > 0 || p.NextVisitDueAt <= now))),
            null => query,
        };
        if (cursor is { } before)
        {
            query = query.Where(p => p.Id.CompareTo(before) < 0);
        }

        var page = await query.OrderByDescending(p => p.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(await PageAsync(page, take, displayNames, now, ct));
    }

    private static async Task<Results<Ok<PairingView>, ProblemHttpResult>> AmendAsync(
        Guid pairingId, AgreementRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, DisplayNames displayNames,
        TimeProvider time, CancellationToken ct)
    {
        var (pairing, refused) = await LoadForManagerAsync(pairingId, caller, db, authorization, ct);
        if (pairing is null)
        {
            return refused!;
        }

        var errors = new FieldErrors();
        var agreement = PairingForms.Agreement(errors, request);
        if (agreement is null)
        {
            return ApiProblems.Validation(errors);
        }

        if (!pairing.Amend(agreement))
        {
            return Ended(pairing);
        }

        await db.RescheduleDueWorkAsync(PairingOverdueCheck.KindName, pairing.Id.ToString(), pairing.NextVisitDueAt, ct);
        if (await SaveAsync(db, pairing, ct) is { } lost)
        {
            return lost;
        }

        return await ViewAsync(pairing, displayNames, time, ct);
    }

    private static async Task<Results<Ok<PairingView>, ProblemHttpResult>> EndAsync(
        Guid pairingId, EndPairingRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, DisplayNames displayNames,
        TimeProvider time, ILogger<Pairing> logger, CancellationToken ct)
    {
        var (pairing, refused) = await LoadForManagerAsync(pairingId, caller, db, authorization, ct);
        if (pairing is null)
        {
            return refused!;
        }

        var errors = new FieldErrors();
        var reason = PairingForms.Reason(errors, request.Reason);
        if (reason is null)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        if (!pairing.End(admin, reason, now))
        {
            return Ended(pairing);
        }

        // The pending overdue check finds the pairing ended and raises nothing.
        db.Publish(new PairingEnded(Guid.CreateVersion7(now), now, null, pairing.Id, pairing.VolunteerId, pairing.RecipientId, pairing.CommunityId, reason));
        logger.LogInformation("Pairing {PairingId} ended by {AdminId}", pairing.Id, admin);
        if (await SaveAsync(db, pairing, ct) is { } lost)
        {
            return lost;
        }

        return await ViewAsync(pairing, displayNames, time, ct);
    }

    /// <summary>Loads a pairing for an admin who manages it: 404 if the caller may not even see it, 403 if they see it but do not manage it.</summary>
    private static async Task<(Pairing? Pairing, ProblemHttpResult? Refused)> LoadForManagerAsync(
        Guid pairingId, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var pairing = await db.Pairings.FirstOrDefaultAsync(p => p.Id == pairingId, ct);
        if (pairing is null || !await authorization.AllowsAsync(caller, pairing, PairingPolicies.Party))
        {
            return (null, NotFound());
        }

        return await authorization.AllowsAsync(caller, pairing, PairingPolicies.Manager)
            ? (pairing, null)
            : (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, NotManager, "Only an admin of the recipient's community amends or ends a pairing."));
    }

    /// <summary>Saves the pairing's change; a conflict if it changed meanwhile, else null.</summary>
    internal static async Task<ProblemHttpResult?> SaveAsync(VolunteersDbContext db, Pairing pairing, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict(PairingChanged, "The pairing changed while this was being done; read it again.");
        }
    }

    private static async Task<Results<Ok<PairingView>, ProblemHttpResult>> ViewAsync(Pairing pairing, DisplayNames displayNames, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(PairingView.From(pairing, time.GetUtcNow(), await displayNames.ForAsync(PairingView.People([pairing]), ct)));

    /// <summary>A page of pairings with the names of their people, looked up once for the page.</summary>
    private static async Task<Page<PairingView>> PageAsync(List<Pairing> rows, int take, DisplayNames displayNames, DateTimeOffset now, CancellationToken ct)
    {
        var names = await displayNames.ForAsync(PairingView.People(rows.Take(take)), ct);
        return Paging.Of(rows, take, p => p.Id, p => PairingView.From(p, now, names));
    }

    internal static ProblemHttpResult NotFound() => ApiProblems.NotFound(PairingNotFound, "No pairing of yours has this id.");

    internal static ProblemHttpResult Ended(Pairing pairing) =>
        ApiProblems.Conflict(PairingEnded, "This pairing has ended.", $"It ended at {pairing.EndedAt:O}: {pairing.EndReason}");

    private static ProblemHttpResult AlreadyPaired() =>
        ApiProblems.Conflict(RecipientAlreadyPaired, "This recipient already has an active pairing; end it first.");
}
