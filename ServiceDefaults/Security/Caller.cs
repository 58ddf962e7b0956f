using System.Security.Claims;

namespace Alliance.ServiceDefaults.Security;

/// <summary>What a token says about its caller. The caller's id always comes from here, never from a body.</summary>
public static class Caller
{
    /// <summary>
    /// The account id of a signed-in person; null for an anonymous caller and for a system (a partner's
    /// or a service's client_credentials token, whose subject is its client id), whatever its id looks like.
    /// </summary>
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && user.FindFirstValue(AllianceClaims.Subject) is { } subject
        && subject != user.FindFirstValue(AllianceClaims.ClientId)
        && Guid.TryParse(subject, out var id) ? id : null;

    /// <summary>
    /// The account id of an endpoint's caller. A system's token (a partner's, whose owner-class routes
    /// it may pass) has none: <see cref="PersonRequiredException"/>, which every service answers with
    /// 403 <c>person_required</c>, never a 500.
    /// </summary>
    public static Guid RequireAccountId(this ClaimsPrincipal user) =>
        user.AccountId() ?? throw new PersonRequiredException();

    public static bool IsStreetAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.StreetAdmin);

    /// <summary>
    /// Whether an admin's scope covers an object in this community (and grid cell, if it has one):
    /// a street admin covers the street, a community admin their community, a grid worker their cells.
    /// </summary>
    public static bool Covers(this ClaimsPrincipal user, string communityId, string? gridId = null) =>
        user.IsStreetAdmin()
        || (user.IsInRole(Roles.CommunityAdmin) && user.HasClaim(AllianceClaims.CommunityId, communityId))
        || (gridId is not null && user.IsInRole(Roles.GridWorker) && user.HasClaim(AllianceClaims.GridId, gridId));

    /// <summary>
    /// The communities and grid cells an admin's token covers, to cut a list down to the caller's
    /// scope the way <see cref="Covers"/> judges one object.
    /// </summary>
    public static AdminScope AdminScope(this ClaimsPrincipal user) => new(
        user.IsStreetAdmin(),
        user.IsInRole(Roles.CommunityAdmin) ? [.. user.FindAll(AllianceClaims.CommunityId).Select(c => c.Value)] : [],
        user.IsInRole(Roles.GridWorker) ? [.. user.FindAll(AllianceClaims.GridId).Select(c => c.Value)] : []);
}

/// <summary>A system's token on a route only a person may call: the problem handler answers 403 <c>person_required</c>.</summary>
public sealed class PersonRequiredException() : Exception("Only a person's token may call this route; this token has no account id.");

/// <summary>What an admin covers: the whole street, or these communities and these grid cells.</summary>
public sealed record AdminScope(bool WholeStreet, List<string> Communities, List<string> Grids);
