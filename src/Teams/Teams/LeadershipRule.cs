using System.Security.Claims;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Standing;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Teams.Teams;

/// <summary>
/// A rule of a team's object that leaders (and where it says so deputies) pass, and optionally the
/// admins it names. Leading is Teams' own fact, so it is judged here, once for every endpoint: a
/// leader or deputy passes only as a volunteer in good standing, with the <c>volunteer</c> role in
/// the token and not suspended or erased by Volunteers (a token outlives the role it carried).
/// </summary>
internal sealed class LeadershipRule<TResource>(Func<TResource, Guid, bool> leads, Func<ClaimsPrincipal, TResource, bool>? admins) : IAuthorizationRequirement
{
    public Func<TResource, Guid, bool> Leads { get; } = leads;

    public Func<ClaimsPrincipal, TResource, bool>? Admins { get; } = admins;
}

/// <summary>Judges a <see cref="LeadershipRule{TResource}"/>; scoped, since a volunteer's standing is in Teams' database.</summary>
internal sealed class LeadershipRuleHandler<TResource>(TeamsDbContext db) : AuthorizationHandler<LeadershipRule<TResource>, TResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, LeadershipRule<TResource> requirement, TResource resource)
    {
        var user = context.User;
        if (requirement.Admins?.Invoke(user, resource) == true
            || (user.AccountId() is { } id && user.IsInRole(Roles.Volunteer) && requirement.Leads(resource, id) && !await db.IsBarredAsync(id, CancellationToken.None)))
        {
            context.Succeed(requirement);
        }
    }
}

internal static class LeadershipPolicies
{
    public static AuthorizationBuilder AddLeadershipPolicy<TResource>(
        this AuthorizationBuilder builder, string name, Func<TResource, Guid, bool> leads, Func<ClaimsPrincipal, TResource, bool>? admins = null) =>
        builder.AddPolicy(name, policy => policy.AddAuthenticationSchemes(Schemes.Public)
            .RequireAuthenticatedUser()
            .AddRequirements(new LeadershipRule<TResource>(leads, admins)));
}
