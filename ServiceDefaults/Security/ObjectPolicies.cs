using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Alliance.ServiceDefaults.Security;

/// <summary>
/// An object-level rule as a named policy: "only the resident who posted the need", "only the
/// team's leader". Endpoints load the object, then ask <see cref="IAuthorizationService"/> by name.
/// </summary>
public sealed class ObjectRule<TResource>(Func<ClaimsPrincipal, TResource, bool> allows)
    : AuthorizationHandler<ObjectRule<TResource>, TResource>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ObjectRule<TResource> requirement, TResource resource)
    {
        if (allows(context.User, resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class ObjectPolicies
{
    /// <summary>Adds a named policy that holds when the rule allows the caller this object.</summary>
    public static AuthorizationBuilder AddObjectPolicy<TResource>(
        this AuthorizationBuilder builder, string name, Func<ClaimsPrincipal, TResource, bool> allows) =>
        // The rule is its own handler: ASP.NET Core's pass-through handler runs it.
        builder.AddPolicy(name, policy => policy.AddAuthenticationSchemes(Schemes.Public)
            .RequireAuthenticatedUser()
            .AddRequirements(new ObjectRule<TResource>(allows)));

    /// <summary>Whether the named object policy lets the caller at this object.</summary>
    public static async Task<bool> AllowsAsync<TResource>(this IAuthorizationService authorization, ClaimsPrincipal user, TResource resource, string policy)
        where TResource : notnull =>
        (await authorization.AuthorizeAsync(user, resource, policy)).Succeeded;
}
