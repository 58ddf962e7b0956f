using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Needs.Board;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

public sealed class CancellationTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    [Fact]
    public async Task TheRequester_CancelsAnOpenNeed_AndASecondCancellationIs409()
    {
        var (need, resident) = await app.PostNeedAsync();

        var cancelled = await resident.PostAsync($"/needs/{need}/cancellation", null, TestContext.Current.CancellationToken);
        var again = await resident.PostAsync($"/needs/{need}/cancellation", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "need_not_cancellable");
    }

    [Fact]
    public async Task TheBoard_NamesTheRequesterToTheRequesterOnly()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (_, neighbour) = await app.SignInAsync();

        var own = await resident.GetFromJsonAsync<JsonElement>($"/needs/{need}", TestContext.Current.CancellationToken);
        var others = await neighbour.GetFromJsonAsync<JsonElement>($"/needs/{need}", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.String, own.GetProperty("requesterId").ValueKind);
        Assert.Equal(JsonValueKind.Null, others.GetProperty("requesterId").ValueKind);
    }

    [Fact]
    public async Task AnotherResident_CannotCancel_IsTold404_AndTheNeedStaysOpen()
    {
        var (need, _) = await app.PostNeedAsync();
        var (_, stranger) = await app.SignInAsync();

        var response = await stranger.PostAsync($"/needs/{need}/cancellation", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "need_not_found");
        await using var db = app.CreateDbContext();
        Assert.Equal(NeedStatus.Open, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task ACommunityAdmin_CancelsANeedOfTheirCommunity_ButNotOfAnother()
    {
        var (need, _) = await app.PostNeedAsync();
        var (_, wandaAdmin) = await SignedInAsync(Alliance.ServiceDefaults.Security.Roles.CommunityAdmin, "wanda");
        var (_, xintangAdmin) = await SignedInAsync(Alliance.ServiceDefaults.Security.Roles.CommunityAdmin, "xintang");

        var outOfScope = await xintangAdmin.PostAsync($"/needs/{need}/cancellation", null, TestContext.Current.CancellationToken);
        var inScope = await wandaAdmin.PostAsync($"/needs/{need}/cancellation", null, TestContext.Current.CancellationToken);

        await outOfScope.AssertProblemAsync(HttpStatusCode.NotFound, "need_not_found");
        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
    }

    private async Task<(Guid Id, HttpClient Client)> SignedInAsync(string role, string communityId)
    {
        var (id, mobile) = await app.Identity.SignUpAsync("管理员");
        await app.Identity.GrantRoleAsync(id, role, communityId);
        return (id, app.WithToken(await app.Identity.LoginAsync(mobile)));
    }
}
