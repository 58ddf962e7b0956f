using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;
using Alliance.Teams.Figures;

namespace Alliance.Teams.Teams;

/// <summary>A new team: in a home community, or street-wide (then without a community).</summary>
internal sealed record CreateTeamRequest([RequiredField] string? Name, string? CommunityId, TeamTheme? Theme, bool? StreetWide);

/// <summary>What the leader may change; a field left out stays as it is.</summary>
internal sealed record UpdateTeamRequest(string? Name, TeamTheme? Theme);

/// <summary>
/// A team; <c>status</c> is <c>unapproved</c> until an admin covering its community approves it.
/// <c>leaderName</c> is the leader's display name where teams are read (null where Identity did not answer).
/// </summary>
internal sealed record TeamResponse(
    Guid Id, string Name, Guid LeaderId, string? LeaderName, string? CommunityId, bool StreetWide, TeamTheme Theme, TeamStatus Status, DateTimeOffset? ApprovedAt,
    DateTimeOffset CreatedAt, TeamFigures? Figures = null)
{
    public static TeamResponse From(Team team, TeamFigures? figures = null, NameBook? names = null) =>
        new(team.Id, team.Name, team.LeaderId, names?.NameOf(team.LeaderId), team.CommunityId, team.StreetWide, team.Theme, team.Status, team.ApprovedAt, team.CreatedAt, figures);
}
