using System.Security.Claims;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Pairings;

internal static partial class PairingsApi
{
    /// <summary>
    /// Starts a pairing. Both people named in the body are checked against the caller's scope before
    /// anything is written: the volunteer's community from Volunteers' own record, the recipient's
    /// place from Identity's; the pairing takes the recipient's place.
    /// </summary>
    private static async Task<Results<Created<PairingView>, ProblemHttpResult>> StartAsync(
        StartPairingRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IdentityContacts identity, DisplayNames displayNames, TimeProvider time, ILogger<Pairing> logger, CancellationToken ct)
    {
        var (errors, draft) = PairingForms.Check(request);
        if (draft is null)
        {
            return ApiProblems.Validation(errors);
        }

        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == draft.VolunteerId, ct);
        if (volunteer is null)
        {
            return ApiProblems.Unprocessable(VolunteerUnknown, "No volunteer has this id.");
        }

        // Scope before status: another community's volunteer is refused without learning their status.
        if (!PairingScope.CoversVolunteer(caller, volunteer.CommunityId))
        {
            return OutOfScopeParty();
        }

        if (volunteer.Status != VolunteerStatus.Active)
        {
            return ApiProblems.Unprocessable(VolunteerNotActive, $"Only an active volunteer can be paired; this one is {volunteer.Status}.");
        }

        var recipient = await identity.LookUpAsync(draft.RecipientId, ct);
        if (recipient.Exists is null)
        {
            return ApiProblems.Unavailable(ErrorCodes.IdentityUnavailable, "Identity could not say who the recipient is; try again.");
        }

        if (recipient.Exists is false)
        {
            return ApiProblems.Unprocessable(RecipientUnknown, "No account has this id: make the recipient an assisted account first.");
        }

        var place = RecipientPlace.Of(recipient);
        if (!PairingScope.CoversRecipient(caller, place))
        {
            return OutOfScopeParty();
        }

        if (PairingForms.Check(draft, place!) is { IsEmpty: false } placeErrors)
        {
            return ApiProblems.Validation(placeErrors);
        }

        if (await db.Pairings.AnyAsync(p => p.RecipientId == draft.RecipientId && p.Status == PairingStatus.Active, ct))
        {
            return AlreadyPaired();
        }

        var now = time.GetUtcNow();
        var admin = caller.RequireAccountId();
        var pairing = Pairing.Start(draft, place!, admin, now);
        db.Pairings.Add(pairing);
        db.ScheduleDueWork(PairingOverdueCheck.KindName, pairing.Id.ToString(), pairing.NextVisitDueAt);
        db.Publish(new PairingStarted(Guid.CreateVersion7(now), now, null, pairing.Id, draft.VolunteerId, draft.RecipientId, pairing.CommunityId, pairing.GridId, admin));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Pairing.ActiveRecipientIndex))
        {
            return AlreadyPaired();
        }

        logger.LogInformation("Pairing {PairingId} of volunteer {VolunteerId} with recipient {RecipientId} started by {AdminId}", pairing.Id, draft.VolunteerId, draft.RecipientId, admin);
        return TypedResults.Created($"/volunteers/pairings/{pairing.Id}", PairingView.From(pairing, now, await displayNames.ForAsync(PairingView.People([pairing]), ct)));
    }

    /// <summary>One answer for both parties, so it tells nothing about where a recipient lives or whose a volunteer is.</summary>
    private static ProblemHttpResult OutOfScopeParty() => ApiProblems.Problem(StatusCodes.Status403Forbidden, OutOfScope,
        "You pair only an assisted resident of a place you cover with a volunteer of a community you cover.");
}
