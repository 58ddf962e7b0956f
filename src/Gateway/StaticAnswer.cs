using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Alliance.Gateway;

/// <summary>Bytes made once at start that stay the same until the next deployment: the contract, the reference data.</summary>
internal static class StaticAnswer
{
    /// <summary>
    /// A strong ETag from the bytes themselves, so every replica of a deployment gives the same one.
    /// Given to <c>Results.Bytes</c>, the framework answers a matching If-None-Match (weakly compared,
    /// or <c>*</c>) with 304 and no body.
    /// </summary>
    public static EntityTagHeaderValue ETagOf(byte[] body) => new($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
}
