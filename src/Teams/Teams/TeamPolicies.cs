using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Activities;
using Alliance.Teams.Members;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Teams.Teams;

/// <summary>The object-level rules of a team and its activities, as named policies.</summary>
internal static class TeamPolicies
{
    /// <summary>Only the team's leader manages the team (Teams decides who leads; it is not a token role).</summary>
    public const string Leader = "team-leader";

    /// <summary>The leader or a deputy: decides join requests.</summary>
    public const string Manager = "team-manager";

    /// <summary>The team's leader, or an admin whose scope covers the team's community, publishes its activities.</summary>
    public const string ActivityPublisher = "activity-publisher";

    /// <summary>The leader of the activity's team, or an admin whose scope covers the activity's community: attendance and hours.</summary>
    public const string ActivityManager = "activity-manager";

    /// <summary>The invited volunteer answers their invitation.</summary>
    public const string Invitee = "team-invitee";

    public static AuthorizationBuilder AddTeamPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Team>(Leader, (user, team) => team.IsLedBy(user.AccountId()))
        .AddObjectPolicy<Team>(Manager, (user, team) => team.IsManagedBy(user.AccountId()))
        .AddObjectPolicy<Team>(ActivityPublisher, (user, team) =>
            team.IsLedBy(user.AccountId()) || (team.CommunityId is null ? user.IsStreetAdmin() : user.Covers(team.CommunityId)))
        .AddObjectPolicy<Activity>(ActivityManager, (user, activity) =>
            activity.LeaderId == user.AccountId() || user.Covers(activity.CommunityId))
        .AddObjectPolicy<Membership>(Invitee, (user, membership) =>
            membership.Kind == MembershipKind.Invitation && membership.VolunteerId == user.AccountId());
}
