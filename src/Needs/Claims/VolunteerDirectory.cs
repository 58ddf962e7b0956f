using Alliance.Contracts.Volunteers;
using Alliance.Needs.Board;
using Grpc.Core;

namespace Alliance.Needs.Claims;

internal enum VolunteerLookup
{
    Found,
    NotFound,
    NotVerified,
    Unavailable,
}

/// <summary>A volunteer's place, skills and weekly availability, as Volunteers knows them.</summary>
internal sealed record VolunteerProfile(string GridId, IReadOnlyList<string> Skills, WeeklyAvailability Availability);

/// <summary>Asks Volunteers, over gRPC, about a volunteer; never hangs past the deadline.</summary>
internal sealed class VolunteerDirectory(VolunteersService.VolunteersServiceClient volunteers, ILogger<VolunteerDirectory> logger)
{
    /// <summary>How long Needs waits for Volunteers, retries included.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <summary>Whether the volunteer is registered and verified (active): <see cref="VolunteerLookup.Found"/> when so.</summary>
    public async Task<VolunteerLookup> VerifyAsync(Guid volunteerId, CancellationToken ct)
    {
        try
        {
            var reply = await volunteers.IsVerifiedAsync(new IsVerifiedRequest { VolunteerId = volunteerId.ToString() }, cancellationToken: ct);
            return !reply.Registered ? VolunteerLookup.NotFound : reply.Verified ? VolunteerLookup.Found : VolunteerLookup.NotVerified;
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Volunteers did not answer about {VolunteerId}: {Status} {Detail}", volunteerId, ex.StatusCode, ex.Status.Detail);
            return VolunteerLookup.Unavailable;
        }
    }

    /// <summary>The volunteer's grid, skills and availability; the lookup says why there is none.</summary>
    public async Task<(VolunteerLookup Lookup, VolunteerProfile? Profile)> ProfileAsync(Guid volunteerId, CancellationToken ct)
    {
        try
        {
            var reply = await volunteers.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = volunteerId.ToString() }, cancellationToken: ct);
            return (VolunteerLookup.Found, new VolunteerProfile(
                reply.GridId, [.. reply.Skills], new WeeklyAvailability(reply.Availability.Select(s => new AvailableSlot(s.IsoDay, s.FromMinute, s.ToMinute)))));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return (VolunteerLookup.NotFound, null);
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Volunteers did not answer about {VolunteerId}: {Status} {Detail}", volunteerId, ex.StatusCode, ex.Status.Detail);
            return (VolunteerLookup.Unavailable, null);
        }
    }
}
