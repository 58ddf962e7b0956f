using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.Volunteers.Pairings;

/// <summary>Who may see a pairing, and who may manage it.</summary>
internal static class PairingPolicies
{
    /// <summary>Its volunteer, its recipient, or an admin or grid worker whose scope covers the recipient's place.</summary>
    public const string Party = "pairing-party-or-scoped-admin";

    /// <summary>An admin of the recipient's community (or the street): they pair, amend and end.</summary>
    public const string Manager = "pairing-manager";

    public static AuthorizationBuilder AddPairingPolicies(this AuthorizationBuilder policies) => policies
        .AddObjectPolicy<Pairing>(Party, (user, pairing) =>
            user.AccountId() is { } me && (me == pairing.VolunteerId || me == pairing.RecipientId)
            || user.Covers(pairing.CommunityId, pairing.GridId))
        .AddObjectPolicy<Pairing>(Manager, (user, pairing) => user.Covers(pairing.CommunityId));
}
