using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.Volunteers.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

internal static class VolunteersApi
{
    public const string MobileTaken = "mobile_already_registered";
    public const string VolunteerNotFound = "volunteer_not_found";

    public static IEndpointRouteBuilder MapVolunteersApi(this IEndpointRouteBuilder app)
    {
        var volunteers = app.MapGroup("/volunteers").WithTags("Volunteers");

        volunteers.MapPost("/", RegisterAsync)
            .WithName("RegisterVolunteer")
            .WithSummary("Registers a volunteer (provisional: the identity issue takes the person from the token).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        volunteers.MapGet("/{id:guid}", GetAsync)
            .WithName("GetVolunteer")
            .WithSummary("Reads one volunteer; the mobile is masked.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Results<Created<VolunteerResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterVolunteerRequest request, VolunteersDbContext db, TimeProvider time, ILogger<Volunteer> logger, CancellationToken ct)
    {
        var errors = Volunteer.Check(request.Name, request.Mobile, request.CommunityId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (await db.Volunteers.AnyAsync(v => v.Mobile == request.Mobile, ct))
        {
            return MobileConflict();
        }

        var now = time.GetUtcNow();
        var volunteer = Volunteer.Register(request.Name!, request.Mobile!, request.CommunityId!, now);
        db.Volunteers.Add(volunteer);
        db.Publish(new VolunteerRegistered(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Volunteer.UniqueMobileIndex))
        {
            // Lost a race with another registration of the same mobile.
            return MobileConflict();
        }

        logger.LogInformation("Volunteer {VolunteerId} registered in {CommunityId}", volunteer.Id, volunteer.CommunityId);
        return TypedResults.Created($"/volunteers/{volunteer.Id}", VolunteerResponse.From(volunteer));
    }

    private static async Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> GetAsync(Guid id, VolunteersDbContext db, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return volunteer is null
            ? ApiProblems.NotFound(VolunteerNotFound, "No volunteer has this id.")
            : TypedResults.Ok(VolunteerResponse.From(volunteer));
    }

    private static ProblemHttpResult MobileConflict() =>
        ApiProblems.Conflict(MobileTaken, "This mobile number is already registered.");
}
