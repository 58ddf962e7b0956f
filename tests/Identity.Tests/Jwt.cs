using System.Text;
using System.Text.Json;

namespace Alliance.Identity.Tests;

/// <summary>Reads a JWT's header and payload, as any service would, without checking it.</summary>
internal static class Jwt
{
    public static (JsonElement Header, JsonElement Payload) Read(string token)
    {
        var parts = token.Split('.');
        return (Decode(parts[0]), Decode(parts[1]));
    }

    /// <summary>A claim that may be one string or an array of them, as a list.</summary>
    public static IReadOnlyList<string?> Values(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()).ToList() : [element.GetString()];

    /// <summary>The values of a claim in a token, none if it is absent.</summary>
    public static IReadOnlyList<string?> Claim(string token, string type) =>
        Read(token).Payload.TryGetProperty(type, out var value) ? Values(value) : [];

    private static JsonElement Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))).RootElement.Clone();
    }
}
