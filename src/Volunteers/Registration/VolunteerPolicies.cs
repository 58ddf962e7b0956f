using System.Security.Claims;
using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Volunteers.Registration;

/// <summary>Who may see a volunteer's record.</summary>
internal static class VolunteerPolicies
{
    /// <summary>The volunteer themself, or an admin whose community covers theirs.</summary>
    public const string SelfOrScopedAdmin = "volunteer-self-or-scoped-admin";

    /// <summary>An admin whose community covers the volunteer's (never the volunteer themself).</summary>
    public const string ScopedAdmin = "volunteer-scoped-admin";

    public static AuthorizationBuilder AddVolunteerPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Volunteer>(SelfOrScopedAdmin, (user, volunteer) =>
            user.AccountId() == volunteer.Id || user.Covers(volunteer.CommunityId))
        .AddObjectPolicy<Volunteer>(ScopedAdmin, (user, volunteer) =>
            user.AccountId() != volunteer.Id && user.Covers(volunteer.CommunityId));

    /// <summary>
    /// The grid cells of a community that the caller's scope reaches, to cut a community's list:
    /// all of them (null) for an admin of the community or the street, the caller's own for a grid
    /// worker, none (empty) for anyone else.
    /// </summary>
    public static IReadOnlyList<string>? GridsWithin(ClaimsPrincipal user, string communityId)
    {
        var scope = user.AdminScope();
        if (scope.WholeStreet || scope.Communities.Contains(communityId))
        {
            return null;
        }

        var community = ReferenceData.Current.FindCommunity(communityId);
        return community is null ? [] : [.. community.Grids.Select(g => g.Id).Intersect(scope.Grids)];
    }
}
