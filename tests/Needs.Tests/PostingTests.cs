using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Testing;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

public sealed class PostingTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    [Fact]
    public async Task Post_WithValidBody_Returns201_AndPublishesNeedPosted()
    {
        var (resident, client) = await app.SignInAsync();

        var response = await client.PostAsJsonAsync("/needs", NeedsApp.NeedBody("想参加保龄球赛", "activity_wish"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var need = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = need.GetProperty("id").GetGuid();
        Assert.Equal($"/needs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("open", need.GetProperty("status").GetString());
        Assert.Equal(resident, need.GetProperty("requesterId").GetGuid());
        var posted = Assert.Single(await app.PublishedAsync<NeedPosted>(e => e.NeedId == id));
        Assert.Equal("activity_wish", posted.KindId);
        Assert.Equal(resident, posted.RequesterId);
    }

    [Fact]
    public async Task Post_WithUnknownKindAndCommunity_Returns400WithFieldCodes_AndSavesNothing()
    {
        await using var db = app.CreateDbContext();
        var before = await db.Needs.CountAsync(TestContext.Current.CancellationToken);

        var (_, client) = await app.SignInAsync();

        var body = NeedsApp.NeedBody("修钟");
        body["kindId"] = "clock_magic";
        body["communityId"] = "wanda-01";
        var response = await client.PostAsJsonAsync("/needs", body, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_kind", problem.GetProperty("errors").GetProperty("kindId")[0].GetString());
        Assert.Equal("unknown_community", problem.GetProperty("errors").GetProperty("communityId")[0].GetString());
        Assert.Equal(before, await db.Needs.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetNeed_OverGrpc_ReturnsItsState_AndToNotifications_ItsTitleRequesterAndUrgency()
    {
        var (resident, client) = await app.SignInAsync();
        var id = await NeedsApp.PostNeedAsync(client, NeedsApp.NeedBody("帮忙代购药品", "errands", urgency: "emergency"));
        using var channel = app.Host.CreateGrpcChannel();

        var reply = await new NeedsService.NeedsServiceClient(channel).GetNeedAsync(
            new GetNeedRequest { NeedId = id.ToString() }, await app.AsServiceAsync("teams"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);
        var toNotifications = await new NeedsService.NeedsServiceClient(channel).GetNeedAsync(
            new GetNeedRequest { NeedId = id.ToString() }, await app.AsServiceAsync("notifications"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("errands", reply.KindId);
        Assert.Equal("open", reply.Status);
        Assert.Equal("", reply.ClaimantId);
        Assert.Equal(("帮忙代购药品", resident.ToString(), "emergency"), (toNotifications.Title, toNotifications.RequesterId, toNotifications.Urgency));
    }

    [Fact]
    public async Task GetNeed_OverGrpc_ForAnUnknownId_IsNotFound()
    {
        using var channel = app.Host.CreateGrpcChannel();

        var headers = await app.AsServiceAsync("teams");

        var error = await Assert.ThrowsAsync<RpcException>(() => new NeedsService.NeedsServiceClient(channel).GetNeedAsync(
            new GetNeedRequest { NeedId = Guid.CreateVersion7().ToString() }, headers, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
