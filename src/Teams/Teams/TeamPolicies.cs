using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Teams.Teams;

/// <summary>The object-level rules of a team, as named policies.</summary>
internal static class TeamPolicies
{
    /// <summary>Only the team's leader manages the team (Teams decides who leads; it is not a token role).</summary>
    public const string Leader = "team-leader";

    public static AuthorizationBuilder AddTeamPolicies(this AuthorizationBuilder policies) =>
        policies.AddObjectPolicy<Team>(Leader, (user, team) => team.IsLedBy(user.AccountId()));
}
