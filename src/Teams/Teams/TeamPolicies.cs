using System.Security.Claims;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Activities;
using Alliance.Teams.Members;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Teams.Teams;

/// <summary>
/// The object-level rules of a team and its activities, as named policies. Leaders and deputies are
/// judged by the team's current leadership and their standing (<see cref="LeadershipRule{TResource}"/>).
/// </summary>
internal static class TeamPolicies
{
    /// <summary>Only the team's leader manages the team (Teams decides who leads; it is not a token role).</summary>
    public const string Leader = "team-leader";

    /// <summary>The leader or a deputy: decides join requests, invites, removes members.</summary>
    public const string Manager = "team-manager";

    /// <summary>The team's leader, or an admin whose scope covers the team's community (the street admin for a street-wide team), publishes its activities.</summary>
    public const string ActivityPublisher = "activity-publisher";

    /// <summary>The team's leader, or an admin whose scope covers the activity's community: edits and cancels it.</summary>
    public const string ActivityEditor = "activity-editor";

    /// <summary>The team's leader or a deputy, or an admin whose scope covers the activity's community: attendance and hours.</summary>
    public const string ActivityManager = "activity-manager";

    /// <summary>Hours at an unapproved team's activities are vouched for only by an admin who may approve the team.</summary>
    public const string HoursVoucher = "hours-voucher";

    /// <summary>An admin covering the team's community (the street admin for a street-wide team) approves it.</summary>
    public const string Approver = "team-approver";

    /// <summary>The invited volunteer answers their invitation.</summary>
    public const string Invitee = "team-invitee";

    public static IServiceCollection AddTeamPolicies(this IServiceCollection services)
    {
        services.AddScoped<IAuthorizationHandler, LeadershipRuleHandler<Team>>();
        services.AddScoped<IAuthorizationHandler, LeadershipRuleHandler<ActivityRun>>();
        services.AddAuthorizationBuilder()
            .AddLeadershipPolicy<Team>(Leader, (team, id) => team.IsLedBy(id))
            .AddLeadershipPolicy<Team>(Manager, (team, id) => team.IsManagedBy(id))
            .AddLeadershipPolicy<Team>(ActivityPublisher, (team, id) => team.IsLedBy(id), CoversTeam)
            .AddLeadershipPolicy<ActivityRun>(ActivityEditor, (run, id) => run.Team.IsLedBy(id), CoversActivity)
            .AddLeadershipPolicy<ActivityRun>(ActivityManager, (run, id) => run.Team.IsManagedBy(id), CoversActivity)
            .AddObjectPolicy<ActivityRun>(HoursVoucher, (user, run) => run.Team.IsApproved || CoversTeam(user, run.Team))
            .AddObjectPolicy<Team>(Approver, CoversTeam)
            .AddObjectPolicy<Membership>(Invitee, (user, membership) =>
                membership.Kind == MembershipKind.Invitation && membership.VolunteerId == user.AccountId());
        return services;
    }

    private static bool CoversTeam(ClaimsPrincipal user, Team team) =>
        team.CommunityId is null ? user.IsStreetAdmin() : user.Covers(team.CommunityId);

    private static bool CoversActivity(ClaimsPrincipal user, ActivityRun run) => user.Covers(run.Activity.CommunityId);
}
