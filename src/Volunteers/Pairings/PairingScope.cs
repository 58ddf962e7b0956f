using System.Security.Claims;
using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Registration;

namespace Alliance.Volunteers.Pairings;

/// <summary>Where a care recipient lives: their community and grid cell, as Identity's record of the assisted account says.</summary>
internal sealed record RecipientPlace(string CommunityId, string GridId)
{
    /// <summary>
    /// The place of an assisted account (no password: a resident who is not online) whose record names
    /// a known cell of a known community; null for an account that signed itself up, whose place no
    /// record vouches for, and for a record without a place.
    /// </summary>
    public static RecipientPlace? Of(AccountLookup account) =>
        account is { Exists: true, Assisted: true } && ReferenceData.Current.IsGridOf(account.GridId, account.CommunityId)
            ? new RecipientPlace(account.CommunityId!, account.GridId!)
            : null;
}

/// <summary>
/// Who may pair whom. Both parties are named in the body, so both are checked against the caller's
/// scope: the recipient must be an assisted resident of a place the caller covers, and the volunteer
/// of a community the caller covers (the street admin covers all). Otherwise an admin could pair a
/// signed-up stranger, or another community's resident or volunteer, and steer visits to any door.
/// </summary>
internal static class PairingScope
{
    /// <summary>The volunteer's community is the caller's (a grid worker covers no whole community, so never pairs).</summary>
    public static bool CoversVolunteer(ClaimsPrincipal caller, string volunteerCommunityId) => caller.Covers(volunteerCommunityId);

    /// <summary>The recipient is an assisted account of a community and cell the caller covers.</summary>
    public static bool CoversRecipient(ClaimsPrincipal caller, RecipientPlace? place) =>
        place is not null && caller.Covers(place.CommunityId, place.GridId);
}
