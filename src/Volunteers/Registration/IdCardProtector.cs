using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Alliance.Volunteers.Registration;

internal sealed class IdCardOptions
{
    public const string Section = "Volunteers";

    /// <summary>Base64 of 32 random bytes, from a secret store (the AppHost's <c>volunteers-idcard-key</c>); never the repo.</summary>
    public string? IdCardKey { get; set; }
}

/// <summary>
/// Keeps ID card numbers unreadable at rest (PIPL): AES-256-GCM for the number, bound to the
/// volunteer's id so a ciphertext cannot be moved to another row, and HMAC-SHA256 as the keyed hash
/// that a unique index compares. Both keys are derived (HKDF) from the one configured secret, so a
/// leaked database without it reveals neither numbers nor which row holds a guessed number.
/// Data Protection is not used: its keys rotate and expire, and it is not meant for data kept for years.
/// </summary>
internal sealed class IdCardProtector
{
    /// <summary>The first byte of every ciphertext; a new key or algorithm gets a new version.</summary>
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] encryptionKey;
    private readonly byte[] hashKey;

    public IdCardProtector(IOptions<IdCardOptions> options)
    {
        var secret = ParseKey(options.Value.IdCardKey)
            ?? throw new InvalidOperationException("Volunteers:IdCardKey must be base64 of 32 random bytes.");
        encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "alliance/volunteers/id-card/aes-gcm/v1"u8.ToArray());
        hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "alliance/volunteers/id-card/hmac/v1"u8.ToArray());
    }

    /// <summary>Whether a configured value is a usable key (checked at start).</summary>
    public static bool IsValidKey(string? value) => ParseKey(value) is not null;

    public byte[] Encrypt(string idCard, Guid volunteerId)
    {
        var plain = Encoding.ASCII.GetBytes(idCard);
        var output = new byte[1 + NonceSize + TagSize + plain.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), volunteerId.ToByteArray());
        return output;
    }

    public string Decrypt(byte[] cipher, Guid volunteerId)
    {
        if (cipher.Length < 1 + NonceSize + TagSize || cipher[0] != Version)
        {
            throw new CryptographicException("Not an ID card ciphertext of a known version.");
        }

        var plain = new byte[cipher.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(encryptionKey, TagSize);
        aes.Decrypt(cipher.AsSpan(1, NonceSize), cipher.AsSpan(1 + NonceSize + TagSize), cipher.AsSpan(1 + NonceSize, TagSize), plain, volunteerId.ToByteArray());
        return Encoding.ASCII.GetString(plain);
    }

    /// <summary>The keyed hash of a normalized number: equal numbers give equal hashes, and nothing else does.</summary>
    public byte[] Hash(string idCard) => HMACSHA256.HashData(hashKey, Encoding.ASCII.GetBytes(idCard));

    /// <summary>The configured secret's 32 bytes, or null; other keys of the service (erasure tombstones) are derived from it too.</summary>
    public static byte[]? ParseKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32 ? bytes[..32] : null;
    }
}
