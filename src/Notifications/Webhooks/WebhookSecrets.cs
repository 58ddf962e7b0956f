using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// Signing secrets: made at random, shown to the staff once, kept sealed by the service's data-protection
/// key ring (shared by its replicas through the database), opened only to sign a delivery.
/// </summary>
internal sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    private const string Prefix = "whsec_";
    private readonly IDataProtector protector = protection.CreateProtector("Alliance.Notifications.Webhooks.SigningSecret");

    /// <summary>A new secret: what the staff see once, and what the table keeps.</summary>
    public (string Plain, string Sealed) Make()
    {
        var plain = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (plain, protector.Protect(plain));
    }

    public string Open(string sealedSecret) => protector.Unprotect(sealedSecret);

    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed by the secret's UTF-8 bytes&gt;</c>.</summary>
    public static string Sign(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
