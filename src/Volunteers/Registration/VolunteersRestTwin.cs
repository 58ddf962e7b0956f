using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

/// <summary>
/// For the <c>grpc</c> bench only, mapped only where <c>Bench:RestTwins</c> is true (the bench's
/// system sets it; nothing else does): <c>GetVolunteer</c> as JSON over the REST endpoint, with the
/// same question to the database, the same answer and the same authorization (a service token of
/// Needs or Teams), so the bench compares the transports and nothing else. Outside <c>/volunteers</c>,
/// so the gateway never routes it.
/// </summary>
internal static class VolunteersRestTwin
{
    public const string Setting = "Bench:RestTwins";

    public static WebApplication MapVolunteersRestTwin(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Setting))
        {
            return app;
        }

        app.MapGet("/bench/volunteers/{id}", async Task<IResult> (string id, VolunteersDbContext db, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var volunteerId))
            {
                return TypedResults.BadRequest();
            }

            var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == volunteerId, ct);
            if (volunteer is null)
            {
                return TypedResults.NotFound();
            }

            var reply = VolunteersGrpcService.Reply(volunteer);
            return TypedResults.Ok(new VolunteerTwin(reply.VolunteerId, reply.CommunityId, reply.Status, reply.GridId, reply.Skills,
                [.. reply.Availability.Select(s => new SlotTwin(s.IsoDay, s.FromMinute, s.ToMinute))]));
        })
        .RequireAuthorization(new InternalCallersAttribute("needs", "teams"))
        .ExcludeFromDescription();
        return app;
    }

    internal sealed record VolunteerTwin(string VolunteerId, string CommunityId, string Status, string GridId, IReadOnlyList<string> Skills, IReadOnlyList<SlotTwin> Availability);

    internal sealed record SlotTwin(int IsoDay, int FromMinute, int ToMinute);
}
