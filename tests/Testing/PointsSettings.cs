using System.Security.Cryptography;

namespace Alliance.Testing;

/// <summary>What a Points host needs beyond its database and broker: a throwaway key for its erasure tombstones.</summary>
public static class PointsSettings
{
    public static Dictionary<string, string?> Host() => new() { ["Points:ErasureKey"] = Key.Value };

    private static readonly Lazy<string> Key = new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
