using System.Security.Cryptography;
using System.Text;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Alliance.Gateway.Tests;

/// <summary>Access tokens made here with the test Identity's own key (or deliberately without it), good and bad.</summary>
internal static class Tokens
{
    private static readonly RsaSecurityKey IdentityKey = KeyFromPem(IdentityApp.TestSigningKeyPem);

    public static string Valid(Guid? subject = null) => Mint(subject ?? Guid.CreateVersion7());

    public static string Expired() => Mint(Guid.CreateVersion7(), expires: DateTime.UtcNow.AddMinutes(-5));

    public static string OfAnotherIssuer() => Mint(Guid.CreateVersion7(), issuer: "http://evil.test/api/identity/");

    /// <summary>A service's own token (audience alliance-internal), which is not for the public API.</summary>
    public static string ForAnotherAudience() => Mint(Guid.CreateVersion7(), audience: Audiences.Internal);

    public static string Unsigned() => Mint(Guid.CreateVersion7(), signed: false);

    /// <summary>A good token whose payload names someone else, under the original signature.</summary>
    public static string Tampered()
    {
        var parts = Valid().Split('.');
        var other = Valid().Split('.');
        return $"{parts[0]}.{other[1]}.{parts[2]}";
    }

    /// <summary>Signed by another key that claims the Identity key's id.</summary>
    public static string SignedByAnotherKey()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = IdentityKey.KeyId };
        return Mint(Guid.CreateVersion7(), key: key);
    }

    private static string Mint(
        Guid subject, string? issuer = null, string audience = Audiences.Api, DateTime? expires = null, bool signed = true, SecurityKey? key = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? IdentityApp.Issuer,
            Audience = audience,
            TokenType = "at+jwt",
            IssuedAt = expiry.AddMinutes(-30),
            NotBefore = expiry.AddMinutes(-30),
            Expires = expiry,
            Claims = new Dictionary<string, object>
            {
                [AllianceClaims.Subject] = subject.ToString(),
                [AllianceClaims.Role] = Roles.Resident,
            },
            SigningCredentials = signed ? new SigningCredentials(key ?? IdentityKey, SecurityAlgorithms.RsaSha256) : null,
        });
    }

    private static RsaSecurityKey KeyFromPem(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        // The key id Identity publishes in its JWKS (IdentitySettings.CreateSigningKey).
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    /// <summary>The token's header, decoded: what an attacker would edit first.</summary>
    public static string Header(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0]));
}
