using System.Security.Cryptography;
using System.Text;
using Alliance.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Alliance.Testing;

/// <summary>What is wrong with a forged token; each must be refused with 401 <c>invalid_token</c>.</summary>
public enum TokenFlaw
{
    /// <summary>Signed by this Identity's key, but expired ten minutes ago.</summary>
    Expired,

    /// <summary>Signed by this Identity's key, with another issuer.</summary>
    WrongIssuer,

    /// <summary>Signed by this Identity's key, for another audience.</summary>
    WrongAudience,

    /// <summary>Unsigned: <c>alg</c> is <c>none</c>.</summary>
    AlgNone,

    /// <summary>A real signature over other claims: the payload was changed after signing.</summary>
    TamperedSignature,

    /// <summary>Signed with another RSA key, under this Identity's key id.</summary>
    ForeignKey,
}

/// <summary>Tokens minted with this Identity's signing key, for negative JWT tests in every service.</summary>
public sealed partial class IdentityApp
{
    private static readonly Lazy<RsaSecurityKey> Key = new(() => KeyFrom(SigningKey));

    /// <summary>
    /// A token as Identity would issue to a person (sub, role, scope, audience alliance-api, this
    /// issuer), signed with its key: valid unless an argument says otherwise. Negative tests use it
    /// as their control, so that a refusal is known to come from the flaw alone.
    /// </summary>
    public static string MintToken(
        Guid subject, IEnumerable<string>? roles = null, string audience = Audiences.Api, string? issuer = null,
        DateTime? expires = null, IReadOnlyDictionary<string, object>? claims = null, SecurityKey? key = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            TokenType = "at+jwt",
            IssuedAt = expiry.AddMinutes(-30),
            NotBefore = expiry.AddMinutes(-30),
            Expires = expiry,
            Claims = new Dictionary<string, object>
            {
                [AllianceClaims.Subject] = subject.ToString(),
                [AllianceClaims.Role] = (roles ?? [Roles.Resident]).ToArray(),
                ["scope"] = audience,
            },
            SigningCredentials = new SigningCredentials(key ?? Key.Value, SecurityAlgorithms.RsaSha256),
        };
        foreach (var (type, value) in claims ?? new Dictionary<string, object>())
        {
            descriptor.Claims[type] = value;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A token for <paramref name="subject"/> that is wrong in exactly one way.</summary>
    public static string ForgeToken(TokenFlaw flaw, Guid subject, IEnumerable<string>? roles = null) => flaw switch
    {
        TokenFlaw.Expired => MintToken(subject, roles, expires: DateTime.UtcNow.AddMinutes(-10)),
        TokenFlaw.WrongIssuer => MintToken(subject, roles, issuer: "http://elsewhere.test/api/identity/"),
        TokenFlaw.WrongAudience => MintToken(subject, roles, audience: "another-api"),
        TokenFlaw.AlgNone => Unsigned(subject, roles),
        // The signature of a resident's token over a payload that claims street-admin.
        TokenFlaw.TamperedSignature => Splice(MintToken(subject, [.. roles ?? [], Roles.StreetAdmin]), MintToken(subject, roles)),
        TokenFlaw.ForeignKey => MintToken(subject, roles, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = Key.Value.KeyId }),
        _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null),
    };

    private static string Unsigned(Guid subject, IEnumerable<string>? roles)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audiences.Api,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { [AllianceClaims.Subject] = subject.ToString(), [AllianceClaims.Role] = (roles ?? [Roles.Resident]).ToArray() },
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The header and payload of one token with the signature of another.</summary>
    private static string Splice(string payloadFrom, string signatureFrom) =>
        string.Join('.', payloadFrom.Split('.')[..2].Append(signatureFrom.Split('.')[2]));

    /// <summary>The key as Identity loads it, with the same key id (IdentitySettings.CreateSigningKey).</summary>
    private static RsaSecurityKey KeyFrom(string base64Pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(base64Pem)));
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }
}
