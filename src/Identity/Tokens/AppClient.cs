using Alliance.ServiceDefaults.Security;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.Tokens;

/// <summary>
/// The residents', volunteers' and merchants' apps: one public client (no secret, since an app
/// cannot keep one), with the password and refresh_token grants for the public API, so that tokens
/// say which app asked (docs/decisions/0013-app-login.md). Requests with no client id still work.
/// </summary>
internal static class AppClient
{
    public const string Id = "alliance-app";

    public static OpenIddictApplicationDescriptor Descriptor() => new()
    {
        ClientId = Id,
        ClientType = ClientTypes.Public,
        DisplayName = "The Alliance apps",
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.GrantTypes.Password,
            Permissions.GrantTypes.RefreshToken,
            Permissions.Prefixes.Scope + Audiences.Api,
        },
    };
}
