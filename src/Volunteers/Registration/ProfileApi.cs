using System.Security.Claims;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

/// <summary>A volunteer edits their own profile: skills, availability, emergency contact and building.</summary>
internal static class ProfileApi
{
    public static IEndpointRouteBuilder MapVolunteerProfileApi(this IEndpointRouteBuilder app)
    {
        app.MapPatch("/volunteers/me", EditAsync)
            .WithTags("Volunteers")
            .WithName("EditMyVolunteerProfile")
            .WithSummary("The volunteer changes their skills, availability, emergency contact or building (of their own grid cell); each field given is checked as at registration, and a field left out stays. "
                + "A change publishes VolunteerProfileChanged, naming the changed fields only.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, VolunteersApi.VolunteerNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusApi.VolunteerChanged);

        return app;
    }

    private static async Task<Results<Ok<VolunteerResponse>, ProblemHttpResult>> EditAsync(
        EditProfileRequest request, ClaimsPrincipal caller, VolunteersDbContext db, IdCardProtector idCards, TimeProvider time, ILogger<Volunteer> logger, CancellationToken ct)
    {
        var id = caller.RequireAccountId();
        var volunteer = await db.Volunteers.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null)
        {
            return ApiProblems.NotFound(VolunteersApi.VolunteerNotFound, "You are not registered as a volunteer.");
        }

        var (errors, edit) = ProfileEdit.Check(request, volunteer.GridId);
        if (edit is null)
        {
            return ApiProblems.Validation(errors);
        }

        var changed = volunteer.Edit(edit);
        if (changed.Count > 0)
        {
            var now = time.GetUtcNow();
            db.Publish(new VolunteerProfileChanged(Guid.CreateVersion7(now), now, null, volunteer.Id, volunteer.CommunityId, changed));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiProblems.Conflict(StatusApi.VolunteerChanged, "The volunteer changed while this was being done; read it again.");
            }

            logger.LogInformation("Volunteer {VolunteerId} changed {Fields}", volunteer.Id, changed);
        }

        return TypedResults.Ok(VolunteerResponse.From(volunteer, idCards, caller));
    }
}
