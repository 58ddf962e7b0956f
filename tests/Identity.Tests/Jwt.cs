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

    private static JsonElement Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))).RootElement.Clone();
    }
}
