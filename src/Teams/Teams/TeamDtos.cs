namespace Alliance.Teams.Teams;

/// <summary>A new team: in a home community, or street-wide (then without a community).</summary>
internal sealed record CreateTeamRequest(string? Name, string? CommunityId, TeamTheme? Theme, bool? StreetWide);

/// <summary>What the leader may change; a field left out stays as it is.</summary>
internal sealed record UpdateTeamRequest(string? Name, TeamTheme? Theme);

/// <summary>The team's figures: members, activities published and not cancelled, and certified hours confirmed at them.</summary>
internal sealed record TeamFigures(int Members, int Activities, decimal HoursConfirmed);

internal sealed record TeamResponse(Guid Id, string Name, Guid LeaderId, string? CommunityId, bool StreetWide, TeamTheme Theme, DateTimeOffset CreatedAt, TeamFigures? Figures = null)
{
    public static TeamResponse From(Team team, TeamFigures? figures = null) =>
        new(team.Id, team.Name, team.LeaderId, team.CommunityId, team.StreetWide, team.Theme, team.CreatedAt, figures);
}
