using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Alliance.ServiceDefaults.Security;

/// <summary>
/// The policy of an internal gRPC method: a service token (audience <c>alliance-internal</c>) of
/// one of the named services, as <c>[InternalCallers("merchants")]</c> on <c>Reserve</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class InternalCallersAttribute : AuthorizeAttribute, IAuthorizationRequirementData
{
    public InternalCallersAttribute(params string[] services)
    {
        Services = services;
        // A named policy keeps the default one (the public scheme) out of the combined policy:
        // without it a person's public token authenticated here too, and a wrong audience got
        // PermissionDenied instead of Unauthenticated.
        Policy = Policies.Internal;
        AuthenticationSchemes = Schemes.Internal;
    }

    public IReadOnlyList<string> Services { get; }

    public IEnumerable<IAuthorizationRequirement> GetRequirements()
    {
        yield return new ClaimsAuthorizationRequirement(AllianceClaims.ClientId, Services);
    }
}
