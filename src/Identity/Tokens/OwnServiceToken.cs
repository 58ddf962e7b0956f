using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Alliance.Identity.Tokens;

/// <summary>
/// Identity's own token for internal gRPC (it asks Volunteers and Merchants who holds their roles):
/// signed with its own key, with the claims its client_credentials grant gives every service
/// (<c>sub</c> and <c>client_id</c> <c>identity</c>, audience and scope <c>alliance-internal</c>).
/// Identity does not call itself over HTTP for it, so it has no client secret to keep.
/// </summary>
internal sealed class OwnServiceToken(IdentitySettings settings, SecurityKey signingKey, TimeProvider time) : IServiceTokenIssuer
{
    public Task<IssuedServiceToken> IssueAsync(CancellationToken ct)
    {
        var issuer = settings.Issuer ?? throw new InvalidOperationException("Identity:Issuer is not set: the public issuer that every token must carry.");
        var now = time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.AbsoluteUri,
            Audience = Audiences.Internal,
            TokenType = "at+jwt",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [AllianceClaims.Subject] = Service.Name,
                [AllianceClaims.ClientId] = Service.Name,
                ["scope"] = Audiences.Internal,
                ["jti"] = Guid.NewGuid().ToString(),
            },
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
        return Task.FromResult(new IssuedServiceToken(token, settings.AccessTokenLifetime));
    }
}
