using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service validates tokens itself (defence in depth behind the gateway): plain JWT bearer,
/// the public issuer from configuration (<c>Identity:Issuer</c>), Identity's metadata and keys
/// fetched over the internal address (<c>services:identity:http:0</c>), over plain http only where
/// <c>Identity:AllowHttp</c> allows it (<see cref="Transport.AllowHttp"/>).
/// </summary>
public static class SecurityExtensions
{
    public const string MetadataPath = "/identity/.well-known/openid-configuration";

    /// <param name="localSigningKey">Identity itself validates with its own key instead of fetching its metadata.</param>
    public static TBuilder AddServiceSecurity<TBuilder>(this TBuilder builder, SecurityKey? localSigningKey = null)
        where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var issuer = configuration["Identity:Issuer"]
            ?? throw new InvalidOperationException("Identity:Issuer is not set: the public issuer that every token must carry.");
        var identity = localSigningKey is null
            ? configuration["services:identity:http:0"]?.TrimEnd('/')
                ?? throw new InvalidOperationException("services:identity:http:0 is not set: the AppHost sets it with WithReference(identity).")
            : null;
        var allowHttp = Transport.AllowHttp(configuration, builder.Environment);

        void Configure(JwtBearerOptions options, string audience)
        {
            options.MapInboundClaims = false;
            options.RequireHttpsMetadata = !allowHttp;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                // Access tokens only (RFC 9068): never another kind of token Identity signs with the same key.
                ValidTypes = ["at+jwt"],
                NameClaimType = AllianceClaims.Name,
                RoleClaimType = AllianceClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (localSigningKey is not null)
            {
                var local = new OpenIdConnectConfiguration { Issuer = issuer };
                local.SigningKeys.Add(localSigningKey);
                options.Configuration = local;
            }
            else
            {
                options.MetadataAddress = identity + MetadataPath;
            }

            options.Events = new JwtBearerEvents { OnChallenge = WriteChallengeAsync };
        }

        builder.Services.AddAuthentication(Schemes.Public)
            .AddJwtBearer(Schemes.Public, options => Configure(options, Audiences.Api))
            .AddJwtBearer(Schemes.Internal, options => Configure(options, Audiences.Internal));

        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Schemes.Public).RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Person, policy => policy.AddAuthenticationSchemes(Schemes.Public)
                .RequireAssertion(context => context.User.AccountId() is not null))
            .AddPolicy(Policies.Volunteer, policy => policy.AddAuthenticationSchemes(Schemes.Public)
                .RequireAssertion(context => context.User.AccountId() is not null)
                .RequireRole(Roles.Volunteer))
            .AddPolicy(Policies.Operator, policy => policy.AddAuthenticationSchemes(Schemes.Public)
                .RequireAssertion(context => context.User.AccountId() is not null)
                .RequireRole(Roles.Operator))
            .AddPolicy(Policies.Internal, policy => policy.AddAuthenticationSchemes(Schemes.Internal).RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, policy => policy.AddAuthenticationSchemes(Schemes.Public)
                .RequireAssertion(context => context.User.AccountId() is not null)
                .RequireRole(Roles.Admins));
        return builder;
    }

    /// <summary>401 as problem+json: <c>token_required</c> without a token, <c>invalid_token</c> with a bad one.</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var missing = context.AuthenticateFailure is null && string.IsNullOrEmpty(context.Error);
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = missing ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = missing ? "Sign in: this needs a bearer token." : "The bearer token is not valid here.",
                Detail = missing ? null : "It may have expired, or been issued by another issuer or for another audience.",
                Extensions = { ["code"] = missing ? ErrorCodes.TokenRequired : ErrorCodes.InvalidToken },
            },
        });
    }
}
