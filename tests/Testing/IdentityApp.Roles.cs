using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace Alliance.Testing;

/// <summary>People with roles, and services with tokens, made the way the system makes them.</summary>
public sealed partial class IdentityApp
{
    /// <summary>The community and cell a community admin or grid worker gets when a test does not say.</summary>
    public const string DefaultCommunityId = "wanda";
    public const string DefaultGridId = "wanda-01";

    private Task<string>? streetAdminToken;

    /// <summary>The bootstrapped street admin's access token.</summary>
    public Task<string> StreetAdminTokenAsync() => streetAdminToken ??= LoginAsync(StreetAdminMobile, StreetAdminPassword);

    /// <summary>
    /// Grants an admin role (street-admin, community-admin, grid-worker) through the real API as the
    /// bootstrapped street admin; throws with the problem if Identity refuses. For volunteer and
    /// merchant-staff, which follow their owners, use <see cref="LoginWithRoleAsync"/>.
    /// </summary>
    public async Task GrantRoleAsync(Guid accountId, string role, string? communityId = null, IReadOnlyList<string>? gridIds = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/identity/accounts/{accountId}/roles")
        {
            Content = JsonContent.Create(new { role, communityId, gridIds }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await StreetAdminTokenAsync());
        using var response = await Client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Granting {role} to {accountId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Logs in for real, and returns that token with one more role that another service owns
    /// (<c>volunteer</c>, or <c>merchant-staff</c> with <paramref name="merchantId"/>), signed with
    /// this Identity's key: the token Identity would issue once the owner answered yes. Identity asks
    /// the owner itself (Volunteers, Merchants), and no owner runs beside a project's shared Identity,
    /// so tests of other services give people these roles this way; RoleOwnerTests shows the real path.
    /// </summary>
    public async Task<string> LoginWithRoleAsync(string mobile, string role, Guid? merchantId = null)
    {
        var issued = new JsonWebToken(await LoginAsync(mobile));
        var claims = new Dictionary<string, object>();
        foreach (var carried in issued.Claims.Where(c => c.Type is AllianceClaims.Name or AllianceClaims.CommunityId or AllianceClaims.GridId or AllianceClaims.MerchantId)
            .GroupBy(c => c.Type))
        {
            claims[carried.Key] = carried.Select(c => c.Value).ToArray();
        }

        if (merchantId is { } merchant)
        {
            claims[AllianceClaims.MerchantId] = ((string[]?)claims.GetValueOrDefault(AllianceClaims.MerchantId) ?? []).Append(merchant.ToString()).Distinct().ToArray();
        }

        var roles = issued.Claims.Where(c => c.Type == AllianceClaims.Role).Select(c => c.Value).Append(role).Distinct();
        return MintToken(Guid.Parse(issued.Subject), roles, claims: claims);
    }

    /// <summary>Publishes an event on the real broker, as the service that owns it would (the event id as the message id).</summary>
    public Task PublishAsync<TEvent>(TEvent message, Guid eventId) where TEvent : class =>
        Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = eventId);

    /// <summary>
    /// A new person holding <paramref name="role"/>, logged in: their id and a client that sends
    /// their token, to this Identity or to <paramref name="baseAddress"/> (another service under test).
    /// A community admin is bound to <paramref name="communityId"/> (default wanda), a grid worker to
    /// <paramref name="gridIds"/> (default wanda-01), merchant staff to <paramref name="merchantId"/>
    /// (default the partner's merchant).
    /// </summary>
    public async Task<(Guid Id, HttpClient Client)> SignedInAsAsync(
        string role, string? communityId = null, IReadOnlyList<string>? gridIds = null, Guid? merchantId = null, Uri? baseAddress = null)
    {
        var (id, mobile) = await SignUpAsync(role);
        switch (role)
        {
            case Roles.Resident:
                break;
            case Roles.Volunteer:
                return (id, ClientFor(await LoginWithRoleAsync(mobile, role), baseAddress));
            case Roles.MerchantStaff:
                return (id, ClientFor(await LoginWithRoleAsync(mobile, role, merchantId ?? PartnerMerchantId), baseAddress));
            case Roles.CommunityAdmin:
                await GrantRoleAsync(id, role, communityId ?? DefaultCommunityId);
                break;
            case Roles.GridWorker:
                await GrantRoleAsync(id, role, communityId, gridIds ?? [DefaultGridId]);
                break;
            default:
                await GrantRoleAsync(id, role);
                break;
        }

        return (id, ClientFor(await LoginAsync(mobile), baseAddress));
    }

    /// <summary>
    /// An assisted account (a resident who is not online: no password, consent recorded) of the given
    /// community and cell, made through the real API by the street admin. Returns its id.
    /// </summary>
    public async Task<Guid> AssistedResidentAsync(string communityId = DefaultCommunityId, string gridId = DefaultGridId, string displayName = "张阿婆")
    {
        using var admin = await StreetAdminClientAsync();
        var consent = new { givenBy = "resident", method = "inPerson", givenAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        using var response = await admin.PostAsJsonAsync("/identity/assisted-accounts", new { displayName, communityId, gridId, consent });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The assisted account was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A client that sends this token, to this Identity or to <paramref name="baseAddress"/>.</summary>
    public HttpClient ClientFor(string token, Uri? baseAddress = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress ?? Host.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client that sends the bootstrapped street admin's token.</summary>
    public async Task<HttpClient> StreetAdminClientAsync(Uri? baseAddress = null) => ClientFor(await StreetAdminTokenAsync(), baseAddress);

    /// <summary>A service's own client_credentials token (audience alliance-internal), for calling internal gRPC.</summary>
    public Task<string> ServiceTokenAsync(string serviceName) =>
        ClientTokenAsync(serviceName, ServiceClientSecret(serviceName), Audiences.Internal);

    /// <summary>The partner system's client_credentials token (audience alliance-api, bound to <see cref="PartnerMerchantId"/>).</summary>
    public Task<string> PartnerTokenAsync() => ClientTokenAsync(PartnerClientId, PartnerClientSecret, Audiences.Api);

    private async Task<string> ClientTokenAsync(string clientId, string secret, string scope)
    {
        using var response = await RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{clientId} got no token: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Waits until the account holds the role (bound to the scope value, if given), or no longer holds it.</summary>
    public Task WaitForRoleAsync(Guid accountId, string role, string? scopeValue = null, bool held = true) =>
        Eventually.TrueAsync(async () => await HoldsRoleAsync(accountId, role, scopeValue) == held,
            $"Identity {(held ? "granting" : "revoking")} {role} {scopeValue} for {accountId}");

    /// <summary>Whether the account holds the role (bound to the scope value, if given), read from Identity's database.</summary>
    public async Task<bool> HoldsRoleAsync(Guid accountId, string role, string? scopeValue = null)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r.id = ur.role_id WHERE ur.user_id = $1 AND r.name = $2)
               AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM "AspNetUserClaims" WHERE user_id = $1 AND claim_value = $3::text))
            """, connection)
        {
            Parameters = { new() { Value = accountId }, new() { Value = role }, new() { Value = (object?)scopeValue ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
