using Alliance.Contracts.Volunteers;
using Grpc.Core;

namespace Alliance.Needs.Claims;

internal enum VolunteerLookup
{
    Found,
    NotFound,
    Unavailable,
}

/// <summary>Asks Volunteers, over gRPC, whether a volunteer exists; never hangs past the deadline.</summary>
internal sealed class VolunteerDirectory(VolunteersService.VolunteersServiceClient volunteers, ILogger<VolunteerDirectory> logger)
{
    /// <summary>How long Needs waits for Volunteers, retries included.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<VolunteerLookup> FindAsync(Guid volunteerId, CancellationToken ct)
    {
        try
        {
            await volunteers.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = volunteerId.ToString() }, cancellationToken: ct);
            return VolunteerLookup.Found;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return VolunteerLookup.NotFound;
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Volunteers did not answer about {VolunteerId}: {Status} {Detail}", volunteerId, ex.StatusCode, ex.Status.Detail);
            return VolunteerLookup.Unavailable;
        }
    }
}
