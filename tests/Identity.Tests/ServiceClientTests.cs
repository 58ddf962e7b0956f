using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.Testing;
using Grpc.Core;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class ServiceClientTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task AServiceToken_IsForInternalCallsOnly_AndNamesTheService()
    {
        var token = await app.ServiceTokenAsync("points");

        var payload = Jwt.Read(token).Payload;
        Assert.Equal(["alliance-internal"], Jwt.Values(payload.GetProperty("aud")));
        Assert.Equal("points", payload.GetProperty("sub").GetString());
        Assert.Equal("points", payload.GetProperty("client_id").GetString());
        Assert.Contains("alliance-internal", payload.GetProperty("scope").GetString()!.Split(' '));
        Assert.False(payload.TryGetProperty("merchant_id", out _));
    }

    [Fact]
    public async Task AServiceClient_CannotGetAPublicToken_NorAPartnerAnInternalOne()
    {
        var service = await RequestAsync("needs", IdentityApp.ServiceClientSecret("needs"), "alliance-api");
        var partner = await RequestAsync(IdentityApp.PartnerClientId, IdentityApp.PartnerClientSecret, "alliance-internal");
        var wrongSecret = await RequestAsync("needs", "guessed", "alliance-internal");

        Assert.Equal(HttpStatusCode.BadRequest, service.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, partner.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        var partnerToken = Jwt.Read(await app.PartnerTokenAsync()).Payload;
        Assert.Equal(["alliance-api"], Jwt.Values(partnerToken.GetProperty("aud")));
        Assert.Equal(IdentityApp.PartnerMerchantId.ToString(), partnerToken.GetProperty("merchant_id").GetString());
    }

    [Fact]
    public async Task GetContact_AnswersTheVolunteersService_WithTheMobile()
    {
        var (id, mobile) = await app.SignUpAsync("王殿海");

        var contact = await GetContactAsync(id, await app.ServiceTokenAsync("volunteers"));

        Assert.Equal(mobile, contact.Mobile);
        Assert.Equal("王殿海", contact.DisplayName);
    }

    [Fact]
    public async Task GetContact_SaysWhetherTheAccountIsAssisted_AndWhereItsResidentLives()
    {
        var (signedUp, _) = await app.SignUpAsync("李忠");
        var assisted = await app.AssistedResidentAsync("xintang", "xintang-02");
        var token = await app.ServiceTokenAsync("needs");

        var ofSignedUp = await GetContactAsync(signedUp, token);
        var ofAssisted = await GetContactAsync(assisted, token);

        Assert.False(ofSignedUp.Assisted);
        Assert.Equal("", ofSignedUp.CommunityId);
        Assert.True(ofAssisted.Assisted);
        Assert.Equal("xintang", ofAssisted.CommunityId);
        Assert.Equal("xintang-02", ofAssisted.GridId);
    }

    [Fact]
    public async Task GetContact_RefusesAServiceNotNamed_APersonsToken_AndNoToken()
    {
        var (id, mobile) = await app.SignUpAsync();
        var personToken = await app.LoginAsync(mobile);

        var pointsToken = await app.ServiceTokenAsync("points");
        var partnerToken = await app.PartnerTokenAsync();

        var points = await Assert.ThrowsAsync<RpcException>(() => GetContactAsync(id, pointsToken));
        var person = await Assert.ThrowsAsync<RpcException>(() => GetContactAsync(id, personToken));
        var partner = await Assert.ThrowsAsync<RpcException>(() => GetContactAsync(id, partnerToken));
        var nobody = await Assert.ThrowsAsync<RpcException>(() => GetContactAsync(id, null));

        Assert.Equal(StatusCode.PermissionDenied, points.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, person.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, partner.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, nobody.StatusCode);
    }

    private async Task<ContactReply> GetContactAsync(Guid id, string? token)
    {
        using var channel = app.Host.CreateGrpcChannel();
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("Authorization", $"Bearer {token}");
        }

        return await new IdentityService.IdentityServiceClient(channel).GetContactAsync(
            new GetContactRequest { AccountId = id.ToString() }, headers, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> RequestAsync(string clientId, string secret, string scope) =>
        app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });
}
