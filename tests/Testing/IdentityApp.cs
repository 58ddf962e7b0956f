using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Alliance.Testing;

/// <summary>
/// The real Identity service on a loopback port, with throwaway keys, and helpers that sign people
/// up and get their tokens, so that tests call services as real users do.
/// </summary>
public sealed partial class IdentityApp(Containers containers) : ServiceApp<Alliance.Identity.Service>(containers, Alliance.Identity.Service.Name)
{
    public const string PartnerClientId = "partner-bowling";
    public const string PartnerClientSecret = "partner-secret-for-tests";
    public static readonly Guid PartnerMerchantId = Guid.Parse("0190a5c8-0000-7000-8000-00000000b0a1");

    private static readonly string SigningKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(RSA.Create(2048).ExportRSAPrivateKeyPem()));
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static int sequence;

    /// <summary>The services that call others' internal gRPC with a token of their own.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["needs", "volunteers", "teams", "merchants", "points", "identity"];

    public static string ServiceClientSecret(string service) => $"{service}-secret-for-tests";

    /// <summary>The street admin this Identity creates at start (Identity:Bootstrap:StreetAdmin), who grants roles in tests.</summary>
    public const string StreetAdminMobile = "13900000001";
    public const string StreetAdminPassword = "Jiedao2026admin";

    protected override bool UsesIdentity => false;

    /// <summary>The issuer the tokens carry, as if the gateway were in front at this address.</summary>
    public static string Issuer => "http://gateway.test/api/identity/";

    /// <summary>Settings another service needs to validate this Identity's tokens.</summary>
    public IReadOnlyDictionary<string, string?> ValidationSettings => new Dictionary<string, string?>
    {
        ["services:identity:http:0"] = Host.HttpAddress.ToString().TrimEnd('/'),
        ["Identity:Issuer"] = Issuer,
    };

    /// <summary>A mainland mobile number no other sign-up in this run uses.</summary>
    public static string NextMobile() => $"135{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref sequence) % 100000:D5}";

    public async Task<(Guid Id, string Mobile)> SignUpAsync(string displayName = "居民", string password = "Passw0rd!")
    {
        var mobile = NextMobile();
        var response = await Client.PostAsJsonAsync("/identity/accounts", new { mobile, password, displayName });
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), mobile);
    }

    /// <summary>Runs the password grant; returns the token response's JSON, or the error's.</summary>
    public Task<HttpResponseMessage> RequestTokenAsync(IDictionary<string, string> form) =>
        Client.PostAsync("/identity/connect/token", new FormUrlEncodedContent(form));

    public async Task<string> LoginAsync(string mobile, string password = "Passw0rd!")
    {
        var response = await RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = password,
            ["scope"] = "alliance-api offline_access",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A new person, signed up and logged in: their id and a client that sends their token.</summary>
    public async Task<(Guid Id, HttpClient Client)> SignedInAsync(ServiceHost<Alliance.Identity.Service>? host = null, string displayName = "居民")
    {
        var (id, mobile) = await SignUpAsync(displayName);
        var client = (host ?? Host).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(mobile));
        return (id, client);
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Identity:Issuer"] = Issuer,
        ["Identity:SigningKey"] = SigningKey,
        ["Identity:EncryptionKey"] = EncryptionKey,
        ["Identity:MaxFailedLogins"] = "3",
        // Cheap hashing under test: suites sign hundreds of people up and in (Production never reads it).
        ["Identity:Testing:PasswordHashIterations"] = "1000",
        [$"Identity:Clients:{PartnerClientId}:Secret"] = PartnerClientSecret,
        [$"Identity:Clients:{PartnerClientId}:MerchantId"] = PartnerMerchantId.ToString(),
        ["Identity:Bootstrap:StreetAdmin:Mobile"] = StreetAdminMobile,
        ["Identity:Bootstrap:StreetAdmin:Password"] = StreetAdminPassword,
    }.Concat(ServiceNames.Select(name => KeyValuePair.Create($"Identity:Services:{name}:Secret", (string?)ServiceClientSecret(name))))
        .ToDictionary();
}
