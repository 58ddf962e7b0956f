using System.Security.Claims;
using Alliance.Identity.Accounts;
using Alliance.Identity.Data;
using Alliance.Identity.PartnerClients;
using Alliance.Identity.RoleGrants;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.Tokens;

/// <summary>
/// The OAuth token endpoint (public path <c>/api/identity/connect/token</c>): the password and
/// refresh_token grants for people, client_credentials for systems. It answers as RFC 6749 says, not
/// with problems: 400 <c>{ error, error_description }</c> (<c>invalid_grant</c> for a wrong mobile or
/// password, a locked account or a spent refresh token; <c>unauthorized_client</c> for a partner whose
/// merchant is not verified now; OpenIddict's own <c>invalid_request</c>, <c>invalid_scope</c>,
/// <c>unsupported_grant_type</c>), 401 <c>invalid_client</c> for a wrong client secret. So it stays out
/// of the OpenAPI documents, which name it only as the oauth2 scheme's token URL.
/// </summary>
internal static class TokenEndpoint
{
    public const string Path = "/identity/connect/token";

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExchangeAsync).ExcludeFromDescription().Access(AccessClass.Public);
        return app;
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext http, UserManager<Account> users, IdentitySettings settings, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsPasswordGrantType())
        {
            var account = await users.FindByNameAsync(request.Username ?? "");
            if (account is null)
            {
                return Refuse("The mobile number or password is wrong.");
            }

            if (await users.IsLockedOutAsync(account))
            {
                return Refuse("Too many failed logins: the account is locked for a while.");
            }

            if (!await users.CheckPasswordAsync(account, request.Password ?? ""))
            {
                await users.AccessFailedAsync(account);
                return Refuse("The mobile number or password is wrong.");
            }

            await users.ResetAccessFailedCountAsync(account);
            return await SignInAsync(account, users, request.GetScopes(), request.ClientId);
        }

        if (request.IsRefreshTokenGrantType())
        {
            var refreshed = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var account = await users.FindByIdAsync(refreshed.Principal?.GetClaim(Claims.Subject) ?? "");
            if (account is null || await users.IsLockedOutAsync(account))
            {
                return Refuse("The refresh token is no longer valid.");
            }

            return await SignInAsync(account, users, refreshed.Principal!.GetScopes(), request.ClientId);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var identity = NewIdentity();
            identity.SetClaim(Claims.Subject, request.ClientId).SetClaim(Claims.ClientId, request.ClientId);
            // The audience follows what the client is, not what it asks for: OpenIddict has already
            // refused a scope outside the client's permissions (ClientRegistration).
            if (settings.IsServiceClient(request.ClientId))
            {
                return SignIn(identity, [Audiences.Internal], Audiences.Internal);
            }

            // A configured partner (Identity:Clients) or one a street admin issued (PartnerClientsApi) acts for its merchant.
            var configured = request.ClientId is not null && settings.Clients.TryGetValue(request.ClientId, out var client) ? client : null;
            var merchant = configured is not null
                ? configured.MerchantId
                : await PartnerClientsApi.MerchantOfAsync(applications, request.ClientId, http.RequestAborted);
            // An issued client acts for its merchant only while Merchants has it verified (not suspended).
            if (configured is null && merchant is { } issuedFor
                && !await http.RequestServices.GetRequiredService<IdentityDbContext>().VerifiedMerchants.AnyAsync(m => m.MerchantId == issuedFor, http.RequestAborted))
            {
                return Refuse("The merchant this client acts for is not verified now (suspended, say).", Errors.UnauthorizedClient);
            }

            if (merchant is not null)
            {
                identity.SetClaim(AllianceClaims.MerchantId, merchant.Value.ToString());
            }

            return SignIn(identity, request.GetScopes().Where(s => s is Audiences.Api), Audiences.Api);
        }

        return Refuse("This grant type is not supported.", Errors.UnsupportedGrantType);
    }

    private static async Task<IResult> SignInAsync(Account account, UserManager<Account> users, IEnumerable<string> scopes, string? clientId)
    {
        var roles = await users.GetRolesAsync(account);
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, account.Id.ToString())
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaims(Claims.Role, [.. roles]);
        // The app that asked (AppClient): OpenIddict has checked the client id, and on a refresh that it
        // is the one the refresh token was issued to. A request without one (anonymous) names none.
        if (clientId is not null)
        {
            identity.SetClaim(Claims.ClientId, clientId);
        }

        // Read afresh at every login and refresh, so a revoked role or scope leaves the next token.
        foreach (var (type, values) in ScopeClaims.Of(roles, await users.GetClaimsAsync(account)))
        {
            identity.SetClaims(type, [.. values]);
        }

        return SignIn(identity, scopes.Where(s => s is Scopes.OfflineAccess or Audiences.Api), Audiences.Api);
    }

    private static IResult SignIn(ClaimsIdentity identity, IEnumerable<string> scopes, string audience)
    {
        identity.SetScopes(scopes);
        identity.SetResources(audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static IResult Refuse(string description, string error = Errors.InvalidGrant) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
