using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// A running system's one door and its street admin: the AppHost's under test (tests/SystemTesting)
/// or a deployed stack's (tests/Deployment.Tests).
/// </summary>
public interface IStreetGateway
{
    HttpClient Gateway { get; }

    string StreetAdminMobile { get; }

    string StreetAdminPassword { get; }
}

/// <summary>People as the apps see them: they sign up, log in and call, all through the gateway.</summary>
public sealed class People(IStreetGateway system)
{
    public const string Password = "Passw0rd!";
    private static int sequence;

    public async Task<(Guid Id, string Mobile)> SignUpAsync(string displayName)
    {
        var mobile = $"133{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref sequence) % 100000:D5}";
        var signUp = await system.Gateway.PostAsJsonAsync("/api/identity/accounts", new { mobile, password = Password, displayName });
        signUp.EnsureSuccessStatusCode();
        return ((await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), mobile);
    }

    public async Task<string> LogInAsync(string mobile, string password = Password)
    {
        var login = await system.Gateway.PostAsync("/api/identity/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = password,
            ["scope"] = "alliance-api",
        }));
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A new person, signed up and logged in: their id, mobile and a gateway client that sends their token.</summary>
    public async Task<(Guid Id, string Mobile, HttpClient Client)> NewAsync(string displayName)
    {
        var (id, mobile) = await SignUpAsync(displayName);
        return (id, mobile, Client(await LogInAsync(mobile)));
    }

    /// <summary>The street admin that the AppHost had Identity create at start.</summary>
    public async Task<HttpClient> StreetAdminAsync() =>
        Client(await LogInAsync(system.StreetAdminMobile, system.StreetAdminPassword));

    /// <summary>Logs in again until the token carries the role (it follows an event, so it comes a moment later).</summary>
    public async Task<HttpClient> WithRoleAsync(string mobile, string role) =>
        Client(await Eventually.ReturnsAsync(() => LogInAsync(mobile), token => Carries(token, role), $"{mobile}'s token with {role}"));

    private static bool Carries(string token, string role)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))).RootElement;
        return claims.TryGetProperty("role", out var roles) && roles.ToString().Contains(role, StringComparison.Ordinal);
    }

    /// <summary>Signs up, registers with Volunteers, is verified by the street admin, and logs in again with the role.</summary>
    public async Task<(Guid Id, HttpClient Client)> VerifiedVolunteerAsync(HttpClient streetAdmin, string name, string communityId = "wanda")
    {
        var (id, mobile, client) = await NewAsync(name);
        using (client)
        {
            var registered = await client.PostAsJsonAsync("/api/volunteers", VolunteerForms.Registration(name, communityId));
            Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await streetAdmin.PostAsync($"/api/volunteers/{id}/verification", null)).StatusCode);
        return (id, await WithRoleAsync(mobile, "volunteer"));
    }

    /// <summary>
    /// A business of 万达 in the given trades, registered by a new person and verified by the street admin: its id,
    /// and a client of its registrant logged in again as its first staff member.
    /// </summary>
    public async Task<(Guid Merchant, HttpClient Staff)> VerifiedMerchantAsync(HttpClient streetAdmin, params string[] trade)
    {
        var (_, mobile, owner) = await NewAsync("王师傅");
        using (owner)
        {
            var merchant = await IdOfAsync(await owner.PostAsJsonAsync("/api/merchants", new
            {
                name = $"王师傅裁缝铺{Guid.NewGuid():N}"[..12],
                licenceNumber = LicenceNumbers.Next(),
                trade = trade.Length == 0 ? ["other"] : trade,
                communityId = "wanda",
                address = "万达广场公寓2幢底商",
            }));
            await OkAsync(streetAdmin.PostAsync($"/api/merchants/{merchant}/verification", null));
            return (merchant, await WithRoleAsync(mobile, "merchant-staff"));
        }
    }

    /// <summary>A points reward for verified volunteers, valid from today (Shanghai) for 30 days, with a monthly quota.</summary>
    public static object PointsReward(int pointsCost, int quota)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return new
        {
            title = "积分兑换：免费改裤脚一次",
            description = "凭兑换码到店，改裤脚一条。",
            kind = "pointsReward",
            pointsCost,
            validFrom = today,
            validUntil = today.AddDays(30),
            quota,
            quotaPeriod = "month",
            eligibility = new { verifiedVolunteersOnly = true },
        };
    }

    /// <summary>A need of 新塘's first grid, wanted from tomorrow for a week.</summary>
    public static object Need(string title, string kindId, int helpers)
    {
        var from = DateTimeOffset.UtcNow.AddDays(1);
        return new
        {
            title,
            description = "在联盟需求大厅发布，全街道的志愿者都能看到。",
            kindId,
            communityId = "xintang",
            gridId = "xintang-01",
            building = "新塘新村4幢",
            address = "新塘新村4幢2单元301室",
            urgency = "normal",
            wantedFrom = from,
            wantedUntil = from.AddDays(7),
            helpersNeeded = helpers,
            requiredSkills = Array.Empty<string>(),
        };
    }

    /// <summary>The id of what a successful answer made; the answer's status and body otherwise.</summary>
    public static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Awaits a call and asserts it succeeded, naming the call and its answer otherwise.</summary>
    public static async Task OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Reads until an object turns up (an event's effect in another service), for up to 30 s.</summary>
    public static Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, string what) =>
        Eventually.ReturnsAsync(read, found => found.ValueKind == JsonValueKind.Object, what);

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = system.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
