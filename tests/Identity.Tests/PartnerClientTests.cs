using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class PartnerClientTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStreetAdmin_IssuesAVerifiedMerchantsClient_WhoseTokensCarryTheMerchant_AndASecondIssueRotatesTheSecret()
    {
        var merchant = await VerifiedMerchantAsync();
        var admin = await app.StreetAdminClientAsync();

        var first = await admin.PostAsync($"/identity/merchants/{merchant}/partner-client", null, Ct);
        var issued = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var clientId = issued.GetProperty("clientId").GetString()!;
        var secret = issued.GetProperty("clientSecret").GetString()!;
        var token = await TokenAsync(clientId, secret);
        var second = await admin.PostAsync($"/identity/merchants/{merchant}/partner-client", null, Ct);
        var rotated = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"merchant-{merchant:N}", clientId);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!;
        Assert.Equal([merchant.ToString()], Jwt.Claim(accessToken, AllianceClaims.MerchantId));
        Assert.Equal([Audiences.Api], Jwt.Claim(accessToken, "aud"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(rotated.GetProperty("rotated").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(clientId, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(clientId, rotated.GetProperty("clientSecret").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task WithAnIdempotencyKey_TheSecretIsNeverStored_AndAReplayAnswersWithoutIt()
    {
        var merchant = await VerifiedMerchantAsync();
        var admin = await app.StreetAdminClientAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await IssueAsync(admin, merchant, key);
        using var replay = await IssueAsync(admin, merchant, key);

        var issued = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var secret = issued.GetProperty("clientSecret").GetString()!;
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(["clientSecret"], replay.Headers.GetValues("Idempotent-Withheld"));
        Assert.Equal(JsonValueKind.Null, replayed.GetProperty("clientSecret").ValueKind);
        Assert.Equal(issued.GetProperty("clientId").GetString(), replayed.GetProperty("clientId").GetString());
        var stored = await StoredAnswerAsync(key);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonSerializer.Serialize(secret).Trim('"'), stored, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(stored).RootElement.GetProperty("clientSecret").ValueKind);
        // The replay rotated nothing: the secret shown once still works.
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(issued.GetProperty("clientId").GetString()!, secret)).StatusCode);
    }

    [Fact]
    public async Task AnUnverifiedMerchant_GetsNoClient_AndOnlyAStreetAdminIssuesOne()
    {
        var merchant = await VerifiedMerchantAsync();
        var admin = await app.StreetAdminClientAsync();
        var (_, communityAdmin) = await app.SignedInAsAsync(Roles.CommunityAdmin, "wanda");

        var unverified = await admin.PostAsync($"/identity/merchants/{Guid.CreateVersion7()}/partner-client", null, Ct);
        var notStreet = await communityAdmin.PostAsync($"/identity/merchants/{merchant}/partner-client", null, Ct);

        await unverified.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_verified");
        await notStreet.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
    }

    /// <summary>A merchant Merchants verified, as Identity learns it: MerchantVerified on the real broker.</summary>
    private async Task<Guid> VerifiedMerchantAsync()
    {
        var merchant = Guid.CreateVersion7();
        var verified = new MerchantVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, merchant, "wanda", Guid.CreateVersion7());
        await app.PublishAsync(verified, verified.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM verified_merchants WHERE merchant_id = $1", connection) { Parameters = { new() { Value = merchant } } };
            return (long)(await command.ExecuteScalarAsync(Ct))! == 1;
        }, "Identity recording MerchantVerified");
        return merchant;
    }

    private static async Task<HttpResponseMessage> IssueAsync(HttpClient admin, Guid merchant, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/identity/merchants/{merchant}/partner-client");
        request.Headers.Add("Idempotency-Key", key);
        return await admin.SendAsync(request, Ct);
    }

    /// <summary>The answer the Idempotency-Key table keeps for this key, as text.</summary>
    private async Task<string> StoredAnswerAsync(string key)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT body FROM idempotency_keys WHERE key = $1", connection) { Parameters = { new() { Value = key } } };
        return System.Text.Encoding.UTF8.GetString((byte[])(await command.ExecuteScalarAsync(Ct))!);
    }

    private Task<HttpResponseMessage> TokenAsync(string clientId, string secret) => app.RequestTokenAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["scope"] = Audiences.Api,
    });
}
