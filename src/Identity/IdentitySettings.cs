using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Alliance.Identity;

/// <summary>Configuration section <c>Identity</c>. The keys come from configuration, never the repo.</summary>
internal sealed class IdentitySettings
{
    /// <summary>The one public issuer, as callers reach it through the gateway.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Base64 of a PEM RSA private key that signs tokens; its public half is in the JWKS.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Base64 of 32 random bytes that encrypt refresh tokens (access tokens stay readable JWTs).</summary>
    public string? EncryptionKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Partner businesses' systems that call the public API with client_credentials, by client id.</summary>
    public Dictionary<string, ClientSettings> Clients { get; set; } = [];

    /// <summary>The services themselves, by name (<c>needs</c>, <c>points</c>...): client_credentials for internal gRPC.</summary>
    public Dictionary<string, ServiceClientSettings> Services { get; set; } = [];

    public BootstrapSettings Bootstrap { get; set; } = new();

    /// <summary>Whether a client id names one of the services (whose tokens are for internal gRPC only).</summary>
    public bool IsServiceClient(string? clientId) => clientId is not null && Services.ContainsKey(clientId);

    public RsaSecurityKey CreateSigningKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            Require(SigningKey, nameof(SigningKey)))));
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    public SymmetricSecurityKey CreateEncryptionKey() =>
        new(Convert.FromBase64String(Require(EncryptionKey, nameof(EncryptionKey))));

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"Identity:{name} is not set. './alliance up' makes development keys in .alliance/; tests make throwaway ones; production takes them from its secret store.")
            : value;
}

internal sealed class ClientSettings
{
    public string Secret { get; set; } = "";

    public string? DisplayName { get; set; }

    /// <summary>For a partner business's own system: the merchant it acts for.</summary>
    public Guid? MerchantId { get; set; }
}

internal sealed class ServiceClientSettings
{
    public string Secret { get; set; } = "";
}

internal sealed class BootstrapSettings
{
    /// <summary>The first street admin, created once the database is migrated if no account has its mobile.</summary>
    public StreetAdminSettings StreetAdmin { get; set; } = new();
}

internal sealed class StreetAdminSettings
{
    public string? Mobile { get; set; }

    /// <summary>From a secret store or user secrets only; never logged, never in appsettings.json.</summary>
    public string? Password { get; set; }

    public string DisplayName { get; set; } = "街道管理员";
}
