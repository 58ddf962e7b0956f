using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>The foundation's cross-service slice, through the gateway, on the real AppHost.</summary>
public sealed class SliceTests(AllianceSystem system)
{
    private static int sequence;

    private HttpClient Gateway => system.Gateway;

    [Fact]
    public async Task RegisteringAVolunteer_OpensAPointsAccount_ThroughRabbitMq()
    {
        var volunteer = await RegisterAsync("李忠");

        var account = await EventuallyOkAsync($"/api/points/accounts/{volunteer}");

        Assert.Equal(0, account.GetProperty("available").GetInt64());
        Assert.Equal(volunteer, account.GetProperty("volunteerId").GetGuid());
    }

    [Fact]
    public async Task ClaimingANeed_AsksVolunteersOverGrpc_AndOnlyARegisteredVolunteerWins()
    {
        var posted = await Gateway.PostAsJsonAsync("/api/needs", new { title = "老座钟坏了，请懂行的邻居帮忙", kindId = "home_repair", communityId = "wanda" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var need = (await posted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var volunteer = await RegisterAsync("新塘社区李忠");

        var byStranger = await Gateway.PostAsJsonAsync($"/api/needs/{need}/claims", new { volunteerId = Guid.CreateVersion7() }, TestContext.Current.CancellationToken);
        var byVolunteer = await Gateway.PostAsJsonAsync($"/api/needs/{need}/claims", new { volunteerId = volunteer }, TestContext.Current.CancellationToken);
        var again = await Gateway.PostAsJsonAsync($"/api/needs/{need}/claims", new { volunteerId = volunteer }, TestContext.Current.CancellationToken);

        await byStranger.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "volunteer_not_found");
        Assert.Equal(HttpStatusCode.Created, byVolunteer.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "need_already_claimed");
        var read = await Gateway.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", TestContext.Current.CancellationToken);
        Assert.Equal(volunteer, read.GetProperty("claimantId").GetGuid());
    }

    [Fact]
    public async Task EveryServicesDocument_IsReachableThroughTheGateway_WithTheGatewayAsServer()
    {
        foreach (var service in new[] { "needs", "volunteers", "teams", "merchants", "points", "identity" })
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
        Assert.Equal(6, services.EnumerateObject().Count());
    }

    [Fact]
    public async Task ABadBodyAndAnUnknownRoute_AreProblemsThroughTheGateway()
    {
        var badBody = await Gateway.PostAsJsonAsync("/api/teams", new { name = "", communityId = "gotham" }, TestContext.Current.CancellationToken);
        var unknown = await Gateway.GetAsync("/api/needs/needs/not-a-uuid/anything", TestContext.Current.CancellationToken);
        var hidden = await Gateway.GetAsync("/api/needs/admin/messaging/outbox/parked", TestContext.Current.CancellationToken);

        await badBody.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await hidden.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<Guid> RegisterAsync(string name)
    {
        var mobile = $"136{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref sequence) % 100000:D5}";
        var response = await Gateway.PostAsJsonAsync("/api/volunteers", new { name, mobile, communityId = "xintang" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> EventuallyOkAsync(string path)
    {
        for (var i = 0; i < 150; i++)
        {
            var response = await Gateway.GetAsync(path, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{path} did not answer 200 within 30 s.");
    }
}
