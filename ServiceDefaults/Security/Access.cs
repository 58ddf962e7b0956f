using Microsoft.AspNetCore.Builder;

namespace Alliance.ServiceDefaults.Security;

/// <summary>
/// Who may call an endpoint, declared on every endpoint. The BOLA sweep in the tests reads it from
/// the route table: an endpoint without a class fails the sweep, and every owner- or scope-bound
/// endpoint is called with another person's token.
/// </summary>
public enum AccessClass
{
    /// <summary>Anyone, without a token (sign-up, health).</summary>
    Public,

    /// <summary>Any signed-in person; the object is not anyone's in particular.</summary>
    SignedIn,

    /// <summary>A person with the <c>volunteer</c> role.</summary>
    Volunteer,

    /// <summary>The object's owner (resident, claimant, leader, staff), and where its policy says so an admin of its scope; a named policy decides.</summary>
    Owner,

    /// <summary>An admin (grid worker, community or street admin) whose scope covers the object; a named policy checks the scope.</summary>
    ScopedAdmin,

    /// <summary>
    /// Operators inside the network only: a person with the <c>operator</c> role, whose token the
    /// service itself checks; the gateway never routes it, and it is not in the OpenAPI documents.
    /// </summary>
    Internal,
}

public sealed record AccessMetadata(AccessClass Class);

/// <summary>Body fields that rightly name other people (members to assign, a resident to assist).</summary>
public sealed record PeopleFieldsMetadata(IReadOnlyList<string> Fields);

public static class AccessExtensions
{
    /// <summary>Declares the endpoint's access class and applies the matching authorization.</summary>
    public static TBuilder Access<TBuilder>(this TBuilder builder, AccessClass access) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AccessMetadata(access));
        return access switch
        {
            AccessClass.Public => builder.AllowAnonymous(),
            AccessClass.Internal => builder.RequireAuthorization(Policies.Operator),
            AccessClass.SignedIn => builder.RequireAuthorization(Policies.Person),
            AccessClass.Volunteer => builder.RequireAuthorization(Policies.Volunteer),
            // The object's own policy decides; a partner system may own a merchant's objects.
            AccessClass.Owner => builder.RequireAuthorization(),
            AccessClass.ScopedAdmin => builder.RequireAuthorization(Policies.Admin),
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
        };
    }

    /// <summary>Names the body fields that rightly refer to other people, so the mass-assignment sweep allows them.</summary>
    public static TBuilder NamesPeople<TBuilder>(this TBuilder builder, params string[] fields) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PeopleFieldsMetadata(fields));
}
