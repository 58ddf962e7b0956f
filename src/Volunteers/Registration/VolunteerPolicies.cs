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
}
