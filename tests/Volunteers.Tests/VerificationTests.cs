using System.Net;
using System.Net.Http.Json;
using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Volunteers.Registration;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

public sealed class VerificationTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    [Fact]
    public async Task AnAdminOfTheCommunity_Verifies_AndVolunteerVerifiedIsPublishedOnce()
    {
        var volunteer = await RegisterAsync("xintang");
        var (admin, client) = await app.SignInAsAsync(Roles.CommunityAdmin, "xintang");

        var response = await client.PostAsync($"/volunteers/{volunteer}/verification", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("active", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        var verified = Assert.Single(await app.PublishedAsync<VolunteerVerified>(e => e.VolunteerId == volunteer));
        Assert.Equal(admin, verified.VerifiedBy);
        Assert.Equal("xintang", verified.CommunityId);
    }

    [Fact]
    public async Task VerifyingTwice_Is409()
    {
        var volunteer = await RegisterAsync("wanda");
        var (_, admin) = await app.SignInAsAsync(Roles.StreetAdmin);
        (await admin.PostAsync($"/volunteers/{volunteer}/verification", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var again = await admin.PostAsync($"/volunteers/{volunteer}/verification", null, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_not_pending");
    }

    [Fact]
    public async Task AnAdminOfAnotherCommunity_IsTold404_AResidentIsForbidden_AndTheVolunteerStaysPending()
    {
        var volunteer = await RegisterAsync("jingxing");
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "quanyun");
        var (_, resident) = await app.SignInAsync();

        var outOfScope = await otherAdmin.PostAsync($"/volunteers/{volunteer}/verification", null, TestContext.Current.CancellationToken);
        var notAnAdmin = await resident.PostAsync($"/volunteers/{volunteer}/verification", null, TestContext.Current.CancellationToken);

        await outOfScope.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
        await notAnAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await using var db = app.CreateDbContext();
        Assert.Equal(VolunteerStatus.Pending, (await db.Volunteers.SingleAsync(v => v.Id == volunteer, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task AnAdmin_CannotVerifyThemself()
    {
        var (admin, client) = await app.SignInAsAsync(Roles.CommunityAdmin, "fushun");
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("岳传生", "fushun"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var response = await client.PostAsync($"/volunteers/{admin}/verification", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    private async Task<Guid> RegisterAsync(string communityId)
    {
        var (id, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("邵凤华", communityId), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return id;
    }
}
