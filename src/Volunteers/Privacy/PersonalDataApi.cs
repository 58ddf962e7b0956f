using System.Security.Claims;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Hours;
using Alliance.Volunteers.Pairings;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Privacy;

/// <summary>A volunteer's rights over their own data (PIPL): a copy of everything held, and erasure that keeps the hours anonymised.</summary>
internal static class PersonalDataApi
{
    public static IEndpointRouteBuilder MapPersonalDataApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/volunteers/me").WithTags("Personal data");

        me.MapGet("/export", ExportAsync)
            .WithName("ExportMyVolunteerData")
            .WithSummary("Everything Volunteers holds about the caller, the ID card number in full included, their whole hours ledger, and their pairings and the visits they logged. The mobile is held by Identity.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        me.MapDelete("/", EraseAsync)
            .WithName("EraseMyVolunteerData")
            .WithSummary("Erases the caller's volunteer profile; the hours stay, under an anonymous id; their pairings end (PairingEnded) and their visits stay unnamed. VolunteerErased tells the other services.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        return app;
    }

    private static async Task<Results<Ok<PersonalDataExport>, ProblemHttpResult>> ExportAsync(
        ClaimsPrincipal caller, VolunteersDbContext db, IdCardProtector idCards, TimeProvider time, CancellationToken ct)
    {
        var id = caller.RequireAccountId();
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null)
        {
            return ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "You are not registered as a volunteer.");
        }

        var hours = await db.HoursEntries.AsNoTracking().Where(e => e.VolunteerId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var pairings = await db.Pairings.AsNoTracking().Where(p => p.VolunteerId == id).OrderBy(p => p.Id).ToListAsync(ct);
        var visits = await db.PairingVisits.AsNoTracking().Where(v => v.VolunteerId == id).OrderBy(v => v.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PersonalDataExport(
            now,
            volunteer.Id,
            volunteer.Name,
            volunteer.IdCardCipher is null ? null : idCards.Decrypt(volunteer.IdCardCipher, volunteer.Id),
            volunteer.CommunityId,
            volunteer.GridId,
            volunteer.Building,
            volunteer.Skills,
            volunteer.Availability.Select(AvailabilitySlotView.Of).ToList(),
            volunteer.PartyMember,
            volunteer.EmergencyContact,
            volunteer.Status,
            volunteer.RegisteredAt,
            volunteer.VerifiedAt,
            volunteer.VerifiedBy,
            volunteer.StatusReason,
            volunteer.StatusChangedAt,
            volunteer.StatusChangedBy,
            hours.Select(HoursEntryView.From).ToList(),
            // The export is the volunteer's own data: other people's names stay out of it.
            pairings.Select(p => PairingView.From(p, now, NameBook.Empty)).ToList(),
            visits.Select(VisitView.From).ToList()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(
        ClaimsPrincipal caller, VolunteersDbContext db, ErasedVolunteers erased, TimeProvider time, ILogger<Volunteer> logger, CancellationToken ct)
    {
        var id = caller.RequireAccountId();
        var volunteer = await db.Volunteers.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null)
        {
            return ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "You are not registered as a volunteer.");
        }

        var now = time.GetUtcNow();
        var anonymous = ErasedVolunteers.Anonymous();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // In the person's turn, so hours being booked for them land before (and move below) or see the tombstone.
        await erased.LockAsync(id, ct);
        await erased.RememberAsync(id, ct);
        // An adjustment held for a credit that has not come is written now: that credit will go to another anonymous id.
        foreach (var pending in await db.PendingAdjustments.Where(p => p.VolunteerId == id).ToListAsync(ct))
        {
            db.HoursEntries.Add(pending.ToEntry(id, now));
            db.PendingAdjustments.Remove(pending);
        }

        await db.SaveChangesAsync(ct);
        // The ledger stays whole, under an id no other service knows; free text an admin wrote about the person goes.
        await db.HoursEntries.Where(e => e.VolunteerId == id)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.VolunteerId, anonymous).SetProperty(x => x.Reason, (string?)null), ct);
        // Stored answers of the caller's keyed POSTs hold their profile for a day: they go too.
        await db.Set<IdempotentRequest>().Where(r => r.Scope == id.ToString()).ExecuteDeleteAsync(ct);
        // Their pairings end, so each recipient can be paired again; the visits stay on the recipient's record, unnamed.
        foreach (var pairing in await db.Pairings.Where(p => p.VolunteerId == id).ToListAsync(ct))
        {
            if (pairing.Status == PairingStatus.Active)
            {
                db.Publish(new PairingEnded(Guid.CreateVersion7(now), now, null, pairing.Id, null, pairing.RecipientId, pairing.CommunityId, Pairing.VolunteerErasedReason));
            }

            pairing.ForgetVolunteer(now);
        }

        await db.PairingVisits.Where(v => v.VolunteerId == id).ExecuteUpdateAsync(v => v.SetProperty(x => x.VolunteerId, (Guid?)null), ct);
        db.Volunteers.Remove(volunteer);
        db.Publish(new VolunteerErased(Guid.CreateVersion7(now), now, null, id, volunteer.CommunityId));
        if (volunteer.Status == VolunteerStatus.Active)
        {
            db.Publish(new VolunteerVerificationRevoked(Guid.CreateVersion7(now), now, null, id, volunteer.CommunityId, id));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Volunteer {VolunteerId} erased their personal data", id);
        return TypedResults.NoContent();
    }
}

/// <summary>Everything Volunteers holds about one person.</summary>
internal sealed record PersonalDataExport(
    DateTimeOffset ExportedAt,
    Guid Id,
    string Name,
    string? IdCardNumber,
    string CommunityId,
    string GridId,
    string Building,
    IReadOnlyList<string> Skills,
    IReadOnlyList<AvailabilitySlotView> Availability,
    bool PartyMember,
    EmergencyContact? EmergencyContact,
    VolunteerStatus Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? VerifiedAt,
    Guid? VerifiedBy,
    string? StatusReason,
    DateTimeOffset? StatusChangedAt,
    Guid? StatusChangedBy,
    IReadOnlyList<HoursEntryView> Hours,
    IReadOnlyList<PairingView> Pairings,
    IReadOnlyList<VisitView> Visits);
