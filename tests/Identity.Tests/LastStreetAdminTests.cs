using System.Net;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>Its own Identity: these tests take street-admin roles away, which the other classes' helpers rely on.</summary>
public sealed class LastStreetAdminTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task TwoStreetAdminsRevokingEachOtherAtOnce_LeaveOne()
    {
        var (first, firstClient) = await app.SignedInAsAsync(Roles.StreetAdmin);
        var (second, secondClient) = await app.SignedInAsAsync(Roles.StreetAdmin);
        var bootstrap = await app.StreetAdminClientAsync();
        var bootstrapId = await IdOfAsync(bootstrap);
        // Leave exactly two: the two new ones.
        Assert.Equal(HttpStatusCode.NoContent, (await firstClient.DeleteAsync($"/identity/accounts/{bootstrapId}/roles/{Roles.StreetAdmin}", TestContext.Current.CancellationToken)).StatusCode);

        var answers = await Task.WhenAll(
            firstClient.DeleteAsync($"/identity/accounts/{second}/roles/{Roles.StreetAdmin}", TestContext.Current.CancellationToken),
            secondClient.DeleteAsync($"/identity/accounts/{first}/roles/{Roles.StreetAdmin}", TestContext.Current.CancellationToken));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        await Assert.Single(answers, a => a.StatusCode != HttpStatusCode.NoContent).AssertProblemAsync(HttpStatusCode.Conflict, "last_street_admin");
        Assert.Equal(1, (await app.HoldsRoleAsync(first, Roles.StreetAdmin) ? 1 : 0) + (await app.HoldsRoleAsync(second, Roles.StreetAdmin) ? 1 : 0));
    }

    private static async Task<Guid> IdOfAsync(HttpClient client)
    {
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        return Guid.Parse(Jwt.Read(token).Payload.GetProperty("sub").GetString()!);
    }
}
