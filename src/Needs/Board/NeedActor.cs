using System.Security.Claims;
using Alliance.ServiceDefaults.Security;

namespace Alliance.Needs.Board;

/// <summary>
/// A person who answers for a need (accepts, confirms, resolves), as its rules see them: their account,
/// and the merchants whose staff they are, since a merchant's claim is the work of all its staff.
/// </summary>
internal sealed record NeedActor(Guid Id, IReadOnlyCollection<Guid> StaffOf)
{
    public static NeedActor Person(Guid id) => new(id, []);

    /// <summary>The caller of an endpoint whose policy already required a person.</summary>
    public static NeedActor Of(ClaimsPrincipal user) => new(
        user.RequireAccountId(),
        user.IsInRole(Roles.MerchantStaff)
            ? [.. user.FindAll(AllianceClaims.MerchantId).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)]
            : []);
}
