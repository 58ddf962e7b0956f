using Alliance.Contracts.Volunteers;
using Grpc.Core;

namespace Alliance.Teams.Members;

internal enum VolunteerCheck
{
    Verified,
    NotVerified,
    Unavailable,
}

/// <summary>What a leader looks for among the street's active volunteers; every filter given must hold.</summary>
internal sealed record VolunteerFilter(IReadOnlyList<Guid>? Ids, string? Skill, string? CommunityId, string? GridId, Guid? After, int Limit);

/// <summary>
/// Asks Volunteers, over gRPC, whether a volunteer is verified (status <c>active</c>), and finds active
/// volunteers for a leader to invite; never hangs past the deadline.
/// </summary>
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

    /// <summary>A page of active volunteers matching the filter, oldest id first, and whether more follow; null when Volunteers did not answer.</summary>
    public async Task<(IReadOnlyList<VolunteerReply> Volunteers, bool More)?> FindAsync(VolunteerFilter filter, CancellationToken ct)
    {
        var request = new FindVolunteersRequest
        {
            RestrictToIds = filter.Ids is not null,
            Skill = filter.Skill ?? "",
            CommunityId = filter.CommunityId ?? "",
            GridId = filter.GridId ?? "",
            AfterVolunteerId = filter.After?.ToString() ?? "",
            Limit = filter.Limit,
        };
        request.VolunteerIds.AddRange(filter.Ids?.Select(id => id.ToString()) ?? []);
        try
        {
            var reply = await volunteers.FindVolunteersAsync(request, cancellationToken: ct);
            return (reply.Volunteers, reply.More);
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Volunteers did not answer a search: {Status} {Detail}", ex.StatusCode, ex.Status.Detail);
            return null;
        }
    }
}
