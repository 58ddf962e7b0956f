using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>The foundation's cross-service slice, through the gateway, on the real AppHost.</summary>
public sealed class SliceTests(AllianceSystem system)
{
    private HttpClient Gateway => system.Gateway;

    [Fact]
    public async Task AVolunteer_Registers_IsVerified_ClaimsANeed_AndSeesOnlyTheirOwnPoints()
    {
        var people = new People(system);
        var (_, _, resident) = await people.NewAsync("李阿婆");
        var (volunteerId, volunteerMobile, volunteer) = await people.NewAsync("李忠");
        var (_, _, stranger) = await people.NewAsync("路人");
        var streetAdmin = await people.StreetAdminAsync();

        // The resident posts; the volunteer registers and, before verification, may not claim.
        var posted = await resident.PostAsJsonAsync("/api/needs", People.Need("老座钟坏了，请懂行的邻居帮忙", "home_repair", helpers: 1), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var need = (await posted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        // The Location works from outside: the gateway puts its /api back in front of the service's path.
        Assert.Equal($"/api/needs/{need}", posted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync(posted.Headers.Location, TestContext.Current.CancellationToken)).StatusCode);
        var registered = await volunteer.PostAsJsonAsync("/api/volunteers", VolunteerForms.Registration("李忠", "xintang"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var tooSoon = await volunteer.PostAsync($"/api/needs/{need}/claims", null, TestContext.Current.CancellationToken);
        await tooSoon.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // A stranger may not verify; the street admin does, and the role follows over RabbitMQ.
        var byStranger = await stranger.PostAsync($"/api/volunteers/{volunteerId}/verification", null, TestContext.Current.CancellationToken);
        await byStranger.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var verified = await streetAdmin.PostAsync($"/api/volunteers/{volunteerId}/verification", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        using var verifiedVolunteer = await people.WithRoleAsync(volunteerMobile, "volunteer");

        // A volunteer of 新塘 claims a need of 万达: Needs asks Volunteers over gRPC with its own token.
        var claimed = await verifiedVolunteer.PostAsync($"/api/needs/{need}/claims", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, claimed.StatusCode);
        Assert.Equal(volunteerId, (await claimed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("claimantId").GetGuid());

        // Registering opened a points account (through RabbitMQ): its owner sees it, a stranger does not.
        var account = await EventuallyOkAsync(verifiedVolunteer, $"/api/points/accounts/{volunteerId}");
        Assert.Equal(0, account.GetProperty("available").GetInt64());
        var others = await stranger.GetAsync($"/api/points/accounts/{volunteerId}", TestContext.Current.CancellationToken);
        await others.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task WithoutAToken_AWriteIsRefusedAtTheDoor()
    {
        var response = await Gateway.PostAsJsonAsync("/api/needs", new { title = "无名帖", kindId = "home_repair", communityId = "wanda" }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_required");
    }

    [Fact]
    public async Task EveryServicesDocument_IsReachableThroughTheGateway_WithTheGatewayAsServer()
    {
        foreach (var service in new[] { "needs", "volunteers", "teams", "merchants", "points", "notifications", "identity" })
        {
            var document = await Gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json", TestContext.Current.CancellationToken);
            Assert.Equal("/api", document.GetProperty("servers")[0].GetProperty("url").GetString());
            Assert.Contains(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith($"/{service}", StringComparison.Ordinal));
        }

        var docs = await Gateway.GetAsync("/docs/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task TheHealthView_ShowsEveryServiceReady()
    {
        var health = await Gateway.GetAsync("/health/services", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var services = (await health.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("services");
        Assert.All(services.EnumerateObject(), s =>
        {
            Assert.Equal("Healthy", s.Value.GetProperty("status").GetString());
            Assert.Equal("Healthy", s.Value.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
        });
        Assert.Equal(7, services.EnumerateObject().Count());
    }

    [Fact]
    public async Task ABadBodyAndAnUnknownRoute_AreProblemsThroughTheGateway()
    {
        var (_, _, person) = await new People(system).NewAsync("居民");
        var badBody = await person.PostAsJsonAsync("/api/needs", new { title = "", kindId = "home_repair", communityId = "gotham" }, TestContext.Current.CancellationToken);
        var unknown = await Gateway.GetAsync("/api/needs/needs/not-a-uuid/anything", TestContext.Current.CancellationToken);
        var hidden = await Gateway.GetAsync("/api/needs/admin/messaging/outbox/parked", TestContext.Current.CancellationToken);

        await badBody.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await hidden.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static async Task<JsonElement> EventuallyOkAsync(HttpClient client, string path)
    {
        var ok = await Eventually.ReturnsAsync(() => client.GetAsync(path, TestContext.Current.CancellationToken), r => r.StatusCode == HttpStatusCode.OK, path);
        return await ok.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
