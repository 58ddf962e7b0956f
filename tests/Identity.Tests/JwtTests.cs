using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>Identity checks bearer tokens as every service does: these are the negative cases every service repeats.</summary>
public sealed class JwtTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task AMintedTokenWithNoFlaw_IsAccepted_SoTheRefusalsBelowAreTheFlaws()
    {
        var (id, _) = await app.SignUpAsync();
        using var client = app.ClientFor(IdentityApp.MintToken(id));

        var response = await client.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(TokenFlaw.Expired)]
    [InlineData(TokenFlaw.WrongIssuer)]
    [InlineData(TokenFlaw.WrongAudience)]
    [InlineData(TokenFlaw.AlgNone)]
    [InlineData(TokenFlaw.TamperedSignature)]
    [InlineData(TokenFlaw.ForeignKey)]
    public async Task AFlawedToken_Returns401InvalidToken(TokenFlaw flaw)
    {
        var (id, _) = await app.SignUpAsync();
        using var client = app.ClientFor(IdentityApp.ForgeToken(flaw, id));

        var response = await client.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task AServicesInternalToken_Returns401InvalidToken_OnThePublicApi()
    {
        var (id, _) = await app.SignUpAsync();
        using var client = app.ClientFor(await app.ServiceTokenAsync("volunteers"));

        var response = await client.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task APartnerSystemsValidToken_SeesNoPersonsAccount()
    {
        var (id, _) = await app.SignUpAsync();
        using var client = app.ClientFor(await app.PartnerTokenAsync());

        var response = await client.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);

        // Valid for this API, so not a 401: the account is simply not the partner's.
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }
}
