using Alliance.Contracts.Teams;
using Grpc.Core;

namespace Alliance.Needs.Claims;

internal enum TeamLookup
{
    Yes,
    No,
    TeamNotFound,
    Unavailable,
}

/// <summary>Asks Teams, over gRPC, who leads a team and who its members are; never hangs past the deadline.</summary>
internal sealed class TeamDirectory(TeamsService.TeamsServiceClient teams, ILogger<TeamDirectory> logger)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <summary>Whether the account leads the team, or deputises for it: Teams decides.</summary>
    public async Task<TeamLookup> LeadsAsync(Guid teamId, Guid accountId, CancellationToken ct)
    {
        try
        {
            var reply = await teams.IsLeaderAsync(new IsLeaderRequest { TeamId = teamId.ToString(), AccountId = accountId.ToString() }, cancellationToken: ct);
            return reply.IsLeader || reply.IsDeputy ? TeamLookup.Yes : TeamLookup.No;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return TeamLookup.TeamNotFound;
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Teams did not answer about {TeamId}: {Status} {Detail}", teamId, ex.StatusCode, ex.Status.Detail);
            return TeamLookup.Unavailable;
        }
    }

    /// <summary>Who leads the team now. Throws while Teams does not answer (a consumer then waits it out).</summary>
    public async Task<Guid?> LeaderAsync(Guid teamId, CancellationToken ct)
    {
        try
        {
            var reply = await teams.GetTeamAsync(new GetTeamRequest { TeamId = teamId.ToString() }, cancellationToken: ct);
            return Guid.Parse(reply.LeaderId);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The team's members (leader and deputies included).</summary>
    public async Task<(TeamLookup Lookup, IReadOnlySet<Guid> Members)> MembersAsync(Guid teamId, CancellationToken ct)
    {
        try
        {
            var reply = await teams.GetMembersAsync(new GetMembersRequest { TeamId = teamId.ToString() }, cancellationToken: ct);
            return (TeamLookup.Yes, reply.Members.Select(m => Guid.Parse(m.VolunteerId)).ToHashSet());
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return (TeamLookup.TeamNotFound, new HashSet<Guid>());
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Teams did not answer about {TeamId}: {Status} {Detail}", teamId, ex.StatusCode, ex.Status.Detail);
            return (TeamLookup.Unavailable, new HashSet<Guid>());
        }
    }
}
