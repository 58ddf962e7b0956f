using Alliance.Contracts.Volunteers;
using Grpc.Core;

namespace Alliance.Teams.Members;

internal enum VolunteerCheck
{
    Verified,
    NotVerified,
    Unavailable,
}

/// <summary>Asks Volunteers, over gRPC, whether a volunteer is verified (status <c>active</c>); never hangs past the deadline.</summary>
internal sealed class VolunteerDirectory(VolunteersService.VolunteersServiceClient volunteers, ILogger<VolunteerDirectory> logger)
{
    /// <summary>How long Teams waits for Volunteers, retries included.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<VolunteerCheck> CheckAsync(Guid volunteerId, CancellationToken ct)
    {
        try
        {
            var reply = await volunteers.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = volunteerId.ToString() }, cancellationToken: ct);
            return reply.Status == "active" ? VolunteerCheck.Verified : VolunteerCheck.NotVerified;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return VolunteerCheck.NotVerified;
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Volunteers did not answer about {VolunteerId}: {Status} {Detail}", volunteerId, ex.StatusCode, ex.Status.Detail);
            return VolunteerCheck.Unavailable;
        }
    }
}
