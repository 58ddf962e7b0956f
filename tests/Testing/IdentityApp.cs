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
public sealed partial class IdentityApp : ServiceApp<Alliance.Identity.Service>
{
    private readonly string? broker;
    private readonly IReadOnlyDictionary<string, string>? owners;

    /// <summary>The project's shared Identity (a class fixture too): the shared broker, no role owner beside it.</summary>
    public IdentityApp(Containers containers)
        : this(containers, null, null)
    {
    }

    private IdentityApp(Containers containers, string? broker, IReadOnlyDictionary<string, string>? owners)
        : base(containers, Alliance.Identity.Service.Name)
    {
        this.broker = broker;
        this.owners = owners;
    }

    /// <summary>
    /// An Identity that asks real role owners (gRPC addresses of <c>volunteers</c> and <c>merchants</c>),
    /// on a virtual host of its own with them. Without owners (the shared Identity) no owner answers,
    /// so a role event waits in its queue and grants nothing: elsewhere a test gives a person a role
    /// with <see cref="LoginWithRoleAsync"/>.
    /// </summary>
    public static IdentityApp AskingOwners(Containers containers, string broker, IReadOnlyDictionary<string, string> owners) =>
        new(containers, broker, owners);

    /// <summary>A loopback address where nothing listens: a connection there is refused at once.</summary>
    private const string NoOwner = "http://127.0.0.1:9";

    public const string PartnerClientId = "partner-bowling";
    public const string PartnerClientSecret = "partner-secret-for-tests";
    public static readonly Guid PartnerMerchantId = Guid.Parse("0190a5c8-0000-7000-8000-00000000b0a1");

    private static readonly string SigningKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(RSA.Create(2048).ExportRSAPrivateKeyPem()));
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static int sequence;

    /// <summary>The services that call others' internal gRPC with a token of their own.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["needs", "volunteers", "teams", "merchants", "points", "notifications", "identity"];

    public static string ServiceClientSecret(string service) => $"{service}-secret-for-tests";

    /// <summary>The street admin this Identity creates at start (Identity:Bootstrap:StreetAdmin), who grants roles in tests.</summary>
    public const string StreetAdminMobile = "13900000001";
    public const string StreetAdminPassword = "Jiedao2026admin";

    protected override bool UsesIdentity => false;

    protected override string? Broker => broker;

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
        ["services:volunteers:grpc:0"] = owners?.GetValueOrDefault("volunteers") ?? NoOwner,
        ["services:merchants:grpc:0"] = owners?.GetValueOrDefault("merchants") ?? NoOwner,
    }.Concat(ServiceNames.Select(name => KeyValuePair.Create($"Identity:Services:{name}:Secret", (string?)ServiceClientSecret(name))))
        .ToDictionary();
}
