using System.Security.Claims;
using Alliance.Contracts.Time;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Hours;

/// <summary>A volunteer's certified service hours: the ledger, its totals and its CSV (the volunteer or an admin of their community), and honour hours (an admin).</summary>
internal static class HoursApi
{
    public const string EntryNotFound = "hours_entry_not_found";

    public static IEndpointRouteBuilder MapHoursApi(this IEndpointRouteBuilder app)
    {
        var hours = app.MapGroup("/volunteers/{id:guid}").WithTags("Service hours");

        hours.MapGet("/hours", ListAsync)
            .WithName("ListServiceHours")
            .WithSummary("The volunteer's ledger entries, newest first, keyset-paginated (?limit=, ?after=).")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        hours.MapGet("/hours/{entryId:guid}", GetAsync)
            .WithName("GetServiceHoursEntry")
            .WithSummary("One ledger entry.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, EntryNotFound);

        hours.MapGet("/hours/totals", TotalsAsync)
            .WithName("GetServiceHoursTotals")
            .WithSummary("Certified hours by year and by month of service (Asia/Shanghai), honour hours included and also shown apart.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        hours.MapGet("/hours/export", ExportAsync)
            .WithName("ExportServiceHours")
            .WithSummary("The whole ledger as CSV, for certificates.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        hours.MapPost("/honour-hours", HonourAsync)
            .WithName("AddHonourHours")
            .WithSummary("An admin of the volunteer's community enters honour hours afterwards, with a reason; they are marked as honour and earn no points.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound);

        return app;
    }

    private static async Task<Results<Ok<Page<HoursEntryView>>, ProblemHttpResult>> ListAsync(
        Guid id, int? limit, string? after, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        if (!await MayReadAsync(id, caller, db, authorization, ct))
        {
            return NotFound();
        }

        if (Paging.Read(limit, after, out var take, out var cursor) is { } invalid)
        {
            return invalid;
        }

        var query = db.HoursEntries.AsNoTracking().Where(e => e.VolunteerId == id);
        if (cursor is { } before)
        {
            query = query.Where(e => e.Id.CompareTo(before) < 0);
        }

        var page = await query.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, e => e.Id, HoursEntryView.From));
    }

    private static async Task<Results<Ok<HoursEntryView>, ProblemHttpResult>> GetAsync(
        Guid id, Guid entryId, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var entry = await MayReadAsync(id, caller, db, authorization, ct)
            ? await db.HoursEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId && e.VolunteerId == id, ct)
            : null;
        return entry is null ? ApiProblems.NotFound(EntryNotFound, "This volunteer has no such entry.") : TypedResults.Ok(HoursEntryView.From(entry));
    }

    private static async Task<Results<Ok<HoursTotals>, ProblemHttpResult>> TotalsAsync(
        Guid id, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        if (!await MayReadAsync(id, caller, db, authorization, ct))
        {
            return NotFound();
        }

        var entries = await db.HoursEntries.AsNoTracking().Where(e => e.VolunteerId == id)
            .Select(e => new { e.ServiceDate, e.Hours, e.Kind }).ToListAsync(ct);
        return TypedResults.Ok(HoursTotals.Of(id, entries.Select(e => (e.ServiceDate, e.Hours, e.Kind == HoursEntryKind.Honour)).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        Guid id, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        if (!await MayReadAsync(id, caller, db, authorization, ct))
        {
            return NotFound();
        }

        var entries = await db.HoursEntries.AsNoTracking().Where(e => e.VolunteerId == id)
            .OrderBy(e => e.ServiceDate).ThenBy(e => e.Id).ToListAsync(ct);
        return TypedResults.File(HoursCsv.Write(entries), "text/csv; charset=utf-8", $"service-hours-{id}.csv");
    }

    private static async Task<Results<Created<HoursEntryView>, ProblemHttpResult>> HonourAsync(
        Guid id, HonourHoursRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, TimeProvider time, ILogger<HoursEntry> logger, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null || !await authorization.AllowsAsync(caller, volunteer, VolunteerPolicies.ScopedAdmin))
        {
            return ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "No volunteer of your community has this id.");
        }

        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        if (errors.Check(request.AwardedHours is not null, "awardedHours", "required")
            && errors.Check(request.AwardedHours > 0 && request.AwardedHours <= HonourHoursRequest.MaxHours, "awardedHours", "out_of_range"))
        {
            errors.Check(HoursEntry.Round(request.AwardedHours!.Value) == request.AwardedHours, "awardedHours", "one_decimal_place");
        }

        if (errors.Check(request.ServiceDate is not null, "serviceDate", "required"))
        {
            errors.Check(request.ServiceDate <= Shanghai.DateOf(now), "serviceDate", "in_future");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= HonourHoursRequest.MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var admin = caller.RequireAccountId();
        var entry = HoursEntry.ForHonour(id, volunteer.CommunityId, request.AwardedHours!.Value, request.ServiceDate!.Value, request.Reason!.Trim(), admin, now);
        db.HoursEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Honour hours {EntryId} for volunteer {VolunteerId} entered by {AdminId}", entry.Id, id, admin);
        return TypedResults.Created($"/volunteers/{id}/hours/{entry.Id}", HoursEntryView.From(entry));
    }

    private static async Task<bool> MayReadAsync(Guid id, ClaimsPrincipal caller, VolunteersDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return volunteer is not null && await authorization.AllowsAsync(caller, volunteer, VolunteerPolicies.SelfOrScopedAdmin);
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "No volunteer has this id.");
}
