using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Volunteers.Registration;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

public sealed class StatusTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Suspension_PublishesTheRoleRevocation_AndReinstatement_TheVerificationAgain_EachWithItsEvent()
    {
        var volunteer = await RegisterAsync("xintang");
        var (admin, client) = await app.SignInAsAsync(Roles.CommunityAdmin, "xintang");
        (await client.PostAsync($"/volunteers/{volunteer}/verification", null, Ct)).EnsureSuccessStatusCode();

        var suspension = await client.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "多次认领后未到场" }, Ct);

        Assert.Equal(HttpStatusCode.OK, suspension.StatusCode);
        var body = await suspension.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("suspended", body.GetProperty("status").GetString());
        Assert.Equal("多次认领后未到场", body.GetProperty("statusReason").GetString());
        Assert.Equal(admin, Assert.Single(await app.PublishedAsync<VolunteerSuspended>(e => e.VolunteerId == volunteer)).SuspendedBy);
        Assert.Single(await app.PublishedAsync<VolunteerVerificationRevoked>(e => e.VolunteerId == volunteer));

        var reinstatement = await client.PostAsJsonAsync($"/volunteers/{volunteer}/reinstatement", new { reason = "已说明情况" }, Ct);

        Assert.Equal(HttpStatusCode.OK, reinstatement.StatusCode);
        Assert.Equal("active", (await reinstatement.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Single(await app.PublishedAsync<VolunteerReinstated>(e => e.VolunteerId == volunteer));
        Assert.Equal(2, (await app.PublishedAsync<VolunteerVerified>(e => e.VolunteerId == volunteer)).Count);
    }

    [Fact]
    public async Task IllegalTransitions_Are409_AndChangeNothing()
    {
        var volunteer = await RegisterAsync("wanda");
        var (_, admin) = await app.SignInAsAsync(Roles.StreetAdmin);

        var suspendPending = await admin.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "测试" }, Ct);
        var reinstatePending = await admin.PostAsJsonAsync($"/volunteers/{volunteer}/reinstatement", new { reason = "测试" }, Ct);
        (await admin.PostAsync($"/volunteers/{volunteer}/verification", null, Ct)).EnsureSuccessStatusCode();
        var reinstateActive = await admin.PostAsJsonAsync($"/volunteers/{volunteer}/reinstatement", new { reason = "测试" }, Ct);
        (await admin.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "测试" }, Ct)).EnsureSuccessStatusCode();
        var suspendTwice = await admin.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "再次" }, Ct);
        var verifySuspended = await admin.PostAsync($"/volunteers/{volunteer}/verification", null, Ct);

        await suspendPending.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_not_active");
        await reinstatePending.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_not_suspended");
        await reinstateActive.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_not_suspended");
        await suspendTwice.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_not_active");
        await verifySuspended.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_not_pending");
        await using var db = app.CreateDbContext();
        var row = await db.Volunteers.SingleAsync(v => v.Id == volunteer, Ct);
        Assert.Equal(VolunteerStatus.Suspended, row.Status);
        Assert.Equal("测试", row.StatusReason);
    }

    [Fact]
    public async Task WithoutAReason_Is400_OutOfScope_Is404_AResident_Is403_AndNothingChanges()
    {
        var volunteer = await RegisterAsync("jingxing");
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "jingxing");
        (await admin.PostAsync($"/volunteers/{volunteer}/verification", null, Ct)).EnsureSuccessStatusCode();
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "quanyun");
        var (_, resident) = await app.SignInAsync();

        var noReason = await admin.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = " " }, Ct);
        var outOfScope = await otherAdmin.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "越权" }, Ct);
        var notAnAdmin = await resident.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "越权" }, Ct);

        var problem = await noReason.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("reason")[0].GetString());
        await outOfScope.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
        await notAnAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await using var db = app.CreateDbContext();
        Assert.Equal(VolunteerStatus.Active, (await db.Volunteers.SingleAsync(v => v.Id == volunteer, Ct)).Status);
    }

    private async Task<Guid> RegisterAsync(string communityId)
    {
        var (id, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("邵凤华", communityId), Ct)).EnsureSuccessStatusCode();
        return id;
    }
}
