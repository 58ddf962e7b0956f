using Alliance.Teams.Figures;

namespace Alliance.Teams.Teams;

/// <summary>A new team: in a home community, or street-wide (then without a community).</summary>
internal sealed record CreateTeamRequest(string? Name, string? CommunityId, TeamTheme? Theme, bool? StreetWide);

/// <summary>What the leader may change; a field left out stays as it is.</summary>
internal sealed record UpdateTeamRequest(string? Name, TeamTheme? Theme);

internal sealed record TeamResponse(Guid Id, string Name, Guid LeaderId, string? CommunityId, bool StreetWide, TeamTheme Theme, DateTimeOffset CreatedAt, TeamFigures? Figures = null)
{
    public static TeamResponse From(Team team, TeamFigures? figures = null) =>
        new(team.Id, team.Name, team.LeaderId, team.CommunityId, team.StreetWide, team.Theme, team.CreatedAt, figures);
}
