using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class RoleGrantTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStreetAdmin_MakesACommunityAdmin_WhoseTokenCarriesTheCommunity()
    {
        var (id, mobile) = await app.SignUpAsync();
        using var admin = await app.StreetAdminClientAsync();

        var response = await admin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "community-admin", communityId = "xintang" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["xintang"], body.GetProperty("communityIds").EnumerateArray().Select(c => c.GetString()));
        var token = await app.LoginAsync(mobile);
        Assert.Contains("community-admin", Jwt.Claim(token, "role"));
        Assert.Equal(["xintang"], Jwt.Claim(token, "community_id"));
        Assert.Empty(Jwt.Claim(token, "grid_id"));
    }

    [Fact]
    public async Task OnlyAStreetAdmin_MakesAnOperator_WhoseTokenOpensTheOperatorsRoutes()
    {
        var (id, mobile) = await app.SignUpAsync();
        using var admin = await app.StreetAdminClientAsync();
        var (_, communityAdmin) = await app.SignedInAsAsync("community-admin", communityId: "wanda");
        var before = await app.LoginAsync(mobile);
        using var notYet = app.WithToken(before);

        var refused = await communityAdmin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "operator" }, Ct);
        var scoped = await admin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "operator", communityId = "wanda" }, Ct);
        var closed = await notYet.GetAsync("/identity/admin/messaging/outbox/parked", Ct);
        var granted = await admin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "operator" }, Ct);
        var token = await app.LoginAsync(mobile);
        using var @operator = app.WithToken(token);
        var open = await @operator.GetAsync("/identity/admin/messaging/outbox/parked", Ct);

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        await scoped.AssertFieldErrorAsync("communityId", "not_for_this_role");
        await closed.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Contains("operator", Jwt.Claim(token, "role"));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task ACommunityAdmin_MakesGridWorkersOfTheirOwnCells_AndTheTokenCarriesThem()
    {
        var (_, communityAdmin) = await app.SignedInAsAsync("community-admin", communityId: "wanda");
        var (id, mobile) = await app.SignUpAsync();

        var response = await communityAdmin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "grid-worker", gridIds = new[] { "wanda-01", "wanda-02" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await app.LoginAsync(mobile);
        Assert.Contains("grid-worker", Jwt.Claim(token, "role"));
        Assert.Equal(["wanda-01", "wanda-02"], Jwt.Claim(token, "grid_id"));
    }

    [Fact]
    public async Task ACommunityAdmin_CannotReachAnotherCommunitysCells_NorGrantAdminRoles_AndNothingChanges()
    {
        var (_, communityAdmin) = await app.SignedInAsAsync("community-admin", communityId: "wanda");
        var (id, _) = await app.SignUpAsync();

        var otherCells = await communityAdmin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "grid-worker", gridIds = new[] { "wanda-01", "xintang-01" } }, Ct);
        var peer = await communityAdmin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "community-admin", communityId = "wanda" }, Ct);
        var street = await communityAdmin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "street-admin" }, Ct);
        var unknownAccount = await communityAdmin.PostAsJsonAsync($"/identity/accounts/{Guid.CreateVersion7()}/roles", new { role = "community-admin", communityId = "wanda" }, Ct);

        await otherCells.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        await peer.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        await street.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        // Decided from the request alone: an unknown account is refused the same way.
        await unknownAccount.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        Assert.False(await app.HoldsRoleAsync(id, "grid-worker"));
        Assert.False(await app.HoldsRoleAsync(id, "community-admin"));
        Assert.False(await app.HoldsRoleAsync(id, "street-admin"));
    }

    [Fact]
    public async Task GridWorkersAndResidents_GrantNothing()
    {
        var (_, gridWorker) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-01"]);
        var (_, resident) = await app.SignedInAsync();
        var (id, _) = await app.SignUpAsync();

        var byWorker = await gridWorker.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "grid-worker", gridIds = new[] { "wanda-01" } }, Ct);
        var byResident = await resident.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role = "grid-worker", gridIds = new[] { "wanda-01" } }, Ct);

        await byWorker.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        await byResident.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.False(await app.HoldsRoleAsync(id, "grid-worker"));
    }

    [Theory]
    [InlineData("volunteer", "role_follows_events")]
    [InlineData("merchant-staff", "role_follows_events")]
    [InlineData("resident", "role_is_everyones")]
    public async Task RolesThatAreNotAnAdminsToGive_Return422(string role, string code)
    {
        var (id, _) = await app.SignUpAsync();
        using var admin = await app.StreetAdminClientAsync();

        var grant = await admin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role }, Ct);
        var revoke = await admin.DeleteAsync($"/identity/accounts/{id}/roles/{role}", Ct);

        await grant.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);
        await revoke.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(role == "resident", await app.HoldsRoleAsync(id, role));
    }

    [Theory]
    [InlineData("community-admin", "nowhere", null, "communityId", "unknown_community")]
    [InlineData("community-admin", null, null, "communityId", "required")]
    [InlineData("grid-worker", null, "nowhere-01", "gridIds", "unknown_grid")]
    [InlineData("grid-worker", "xintang", "wanda-01", "gridIds", "grid_not_in_community")]
    [InlineData("grid-worker", null, null, "gridIds", "required")]
    [InlineData("mayor", null, null, "role", "unknown_role")]
    public async Task AGrantWithAnUnknownRoleCommunityOrCell_Returns400NamingTheField(string role, string? communityId, string? gridId, string field, string rule)
    {
        var (id, _) = await app.SignUpAsync();
        using var admin = await app.StreetAdminClientAsync();

        var response = await admin.PostAsJsonAsync($"/identity/accounts/{id}/roles", new { role, communityId, gridIds = gridId is null ? null : new[] { gridId } }, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.False(await app.HoldsRoleAsync(id, role));
    }

    [Fact]
    public async Task AGrantToAnUnknownAccount_Returns404()
    {
        using var admin = await app.StreetAdminClientAsync();

        var response = await admin.PostAsJsonAsync($"/identity/accounts/{Guid.CreateVersion7()}/roles", new { role = "street-admin" }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task Revoking_TakesTheRoleOutOfTheNextRefreshedToken()
    {
        var (id, mobile) = await app.SignUpAsync();
        await app.GrantRoleAsync(id, "community-admin", "wanda");
        var tokens = await LoginWithRefreshAsync(mobile);
        Assert.Contains("community-admin", Jwt.Claim(tokens.GetProperty("access_token").GetString()!, "role"));
        using var admin = await app.StreetAdminClientAsync();

        var revoked = await admin.DeleteAsync($"/identity/accounts/{id}/roles/community-admin", Ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var refreshed = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        });
        var token = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!;
        Assert.DoesNotContain("community-admin", Jwt.Claim(token, "role"));
        Assert.Empty(Jwt.Claim(token, "community_id"));
        Assert.Contains("resident", Jwt.Claim(token, "role"));
    }

    [Fact]
    public async Task ACommunityAdmin_RevokesOnlyTheirOwnCommunitysCells_OfAGridWorker()
    {
        var (id, mobile) = await app.SignUpAsync();
        await app.GrantRoleAsync(id, "grid-worker", gridIds: ["wanda-01", "xintang-01"]);
        var (_, wandaAdmin) = await app.SignedInAsAsync("community-admin", communityId: "wanda");

        var revoked = await wandaAdmin.DeleteAsync($"/identity/accounts/{id}/roles/grid-worker", Ct);
        var again = await wandaAdmin.DeleteAsync($"/identity/accounts/{id}/roles/grid-worker", Ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "role_not_held");
        var token = await app.LoginAsync(mobile);
        Assert.Contains("grid-worker", Jwt.Claim(token, "role"));
        Assert.Equal(["xintang-01"], Jwt.Claim(token, "grid_id"));
    }

    [Fact]
    public async Task ACommunityAdmin_CannotRevokeAnotherCommunitysCell_ByNamingIt()
    {
        var (id, _) = await app.SignUpAsync();
        await app.GrantRoleAsync(id, "grid-worker", gridIds: ["xintang-01"]);
        var (_, wandaAdmin) = await app.SignedInAsAsync("community-admin", communityId: "wanda");

        var response = await wandaAdmin.DeleteAsync($"/identity/accounts/{id}/roles/grid-worker?gridId=xintang-01", Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "role_out_of_scope");
        Assert.True(await app.HoldsRoleAsync(id, "grid-worker", "xintang-01"));
    }

    [Fact]
    public async Task NoOneRevokesTheirOwnAdminRole()
    {
        var (id, admin) = await app.SignedInAsAsync("street-admin");

        var response = await admin.DeleteAsync($"/identity/accounts/{id}/roles/street-admin", Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "own_role_not_revocable");
        Assert.True(await app.HoldsRoleAsync(id, "street-admin"));
    }

    private async Task<JsonElement> LoginWithRefreshAsync(string mobile)
    {
        var response = await app.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = "Passw0rd!",
            ["scope"] = "alliance-api offline_access",
        });
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
