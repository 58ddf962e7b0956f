using Alliance.Contracts.Teams;
using Alliance.Messaging.Faults;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;

namespace Alliance.Notifications.Notices;

/// <summary>A team's name and the people who answer for it now: its leader and deputies.</summary>
internal sealed record TeamFact(Guid TeamId, string Name, IReadOnlyList<Guid> Leaders);

/// <summary>
/// What a notification says about a team, asked of Teams (<c>GetTeam</c>, <c>GetMembers</c>) when the
/// event comes. Kept for a minute. An unknown team can never be told about (the event is parked); Teams
/// not answering throws, so the consumer waits it out.
/// </summary>
internal sealed class TeamFacts(TeamsService.TeamsServiceClient teams, IMemoryCache cache)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    public async Task<TeamFact> OfAsync(Guid teamId, CancellationToken ct)
    {
        var key = $"team:{teamId}";
        if (cache.TryGetValue(key, out TeamFact? known) && known is not null)
        {
            return known;
        }

        try
        {
            var team = await teams.GetTeamAsync(new GetTeamRequest { TeamId = teamId.ToString() }, cancellationToken: ct);
            var members = await teams.GetMembersAsync(new GetMembersRequest { TeamId = teamId.ToString() }, cancellationToken: ct);
            var leaders = members.Members.Where(m => m.Role is "leader" or "deputy").Select(m => Guid.Parse(m.VolunteerId))
                .Prepend(Guid.Parse(team.LeaderId)).Distinct().ToList();
            var fact = new TeamFact(teamId, team.Name, leaders);
            cache.Set(key, fact, KeepFor);
            return fact;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new PermanentMessageException($"Teams knows no team {teamId}.", ex);
        }
    }
}
