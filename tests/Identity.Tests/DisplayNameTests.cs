using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Grpc.Core;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>The names other services show: GetDisplayNames and SearchDisplayNames, a person's own edits, and erasure.</summary>
public sealed class DisplayNameTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APersonRenamesThemselves_AndGetDisplayNamesAnswersTheNewName_WithTheirLeaderboardChoice()
    {
        var (id, mobile) = await app.SignUpAsync("王师傅");
        using var self = app.WithToken(await app.LoginAsync(mobile));

        var response = await self.PatchAsJsonAsync("/identity/accounts/me", new { displayName = "  王建国 ", anonymousOnLeaderboards = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("王建国", account.GetProperty("displayName").GetString());
        Assert.True(account.GetProperty("anonymousOnLeaderboards").GetBoolean());
        var name = Assert.Single((await NamesAsync("teams", id)).Names);
        Assert.Equal(("王建国", false, true), (name.DisplayName, name.Erased, name.AnonymousOnLeaderboards));

        // A field left out stays as it is.
        var again = await self.PatchAsJsonAsync("/identity/accounts/me", new { anonymousOnLeaderboards = false }, Ct);
        var mine = await (await self.GetAsync("/identity/accounts/me", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(("王建国", false, id), (mine.GetProperty("displayName").GetString(), mine.GetProperty("anonymousOnLeaderboards").GetBoolean(), mine.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("""{ "displayName": "   " }""", "required")]
    [InlineData("""{ "displayName": "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一" }""", "too_long")]
    [InlineData("""{ "displayName": "林\u0007阿姨" }""", "control_characters")]
    [InlineData("""{ }""", "required")]
    public async Task ABadRename_Returns400NamingTheRule_AndChangesNothing(string body, string rule)
    {
        var (id, mobile) = await app.SignUpAsync("林阿姨");
        using var self = app.WithToken(await app.LoginAsync(mobile));

        var response = await self.PatchAsync("/identity/accounts/me", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty("displayName").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("林阿姨", Assert.Single((await NamesAsync("needs", id)).Names).DisplayName);
    }

    [Fact]
    public async Task RenamingWithoutAToken_Returns401()
    {
        var response = await app.Client.PatchAsJsonAsync("/identity/accounts/me", new { displayName = "冒名者" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnErasedVolunteer_ComesBackErasedWithNoName_UntilTheyGiveANewOne_AndALateErasureLeavesTheNewName()
    {
        var (id, mobile) = await app.SignUpAsync("赵大姐");
        var erased = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, id, "wanda");

        await app.PublishAsync(erased, erased.EventId);
        await app.HandledAsync(erased.EventId);

        var gone = Assert.Single((await NamesAsync("points", id)).Names);
        Assert.Equal(("", true), (gone.DisplayName, gone.Erased));
        Assert.Empty(await SearchAsync("volunteers", "赵大姐", 10));

        using var self = app.WithToken(await app.LoginAsync(mobile));
        (await self.PatchAsJsonAsync("/identity/accounts/me", new { displayName = "小赵" }, Ct)).EnsureSuccessStatusCode();
        // Another erasure's event, from before the new name, arrives late (or is a redelivery): the name stays.
        var late = erased with { EventId = Guid.CreateVersion7() };
        await app.PublishAsync(late, late.EventId);
        await app.HandledAsync(late.EventId);

        var renamed = Assert.Single((await NamesAsync("points", id)).Names);
        Assert.Equal(("小赵", false), (renamed.DisplayName, renamed.Erased));
    }

    [Fact]
    public async Task GetDisplayNames_LeavesUnknownIdsOut_AndRefusesMoreThanAPage()
    {
        var (id, _) = await app.SignUpAsync("钱老师");

        var reply = await NamesAsync("merchants", id, Guid.CreateVersion7());
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => NamesAsync("needs", [.. Enumerable.Range(0, 501).Select(_ => Guid.CreateVersion7())]));

        Assert.Equal(id.ToString(), Assert.Single(reply.Names).AccountId);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
    }

    [Fact]
    public async Task SearchDisplayNames_FindsByPrefixInNameOrder_TakesWildcardsLiterally_AndIsForVolunteersAndTeamsOnly()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (second, _) = await app.SignUpAsync($"搜{tag}b");
        var (first, _) = await app.SignUpAsync($"搜{tag}A");
        await app.SignUpAsync($"别{tag}A");

        var found = await SearchAsync("teams", $"搜{tag}", 10);
        var limited = await SearchAsync("volunteers", $"搜{tag.ToUpperInvariant()}", 1);
        var wildcard = await SearchAsync("volunteers", $"%{tag}", 10);
        var points = await Assert.ThrowsAsync<RpcException>(() => SearchAsync("points", $"搜{tag}", 10));
        var empty = await Assert.ThrowsAsync<RpcException>(() => SearchAsync("teams", " ", 10));

        // By name (A before b, whatever the case), not by sign-up; the prefix matches in any case.
        Assert.Equal([first, second], found);
        Assert.Equal([first], limited);
        Assert.Empty(wildcard);
        Assert.Equal(StatusCode.PermissionDenied, points.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    private async Task<DisplayNamesReply> NamesAsync(string callingService, params Guid[] ids)
    {
        var request = new GetDisplayNamesRequest();
        request.AccountIds.AddRange(ids.Select(id => id.ToString()));
        using var channel = app.Host.CreateGrpcChannel();
        return await new IdentityService.IdentityServiceClient(channel).GetDisplayNamesAsync(request, await HeadersAsync(callingService), DateTime.UtcNow.AddSeconds(10), Ct);
    }

    private async Task<IReadOnlyList<Guid>> SearchAsync(string callingService, string prefix, int limit)
    {
        using var channel = app.Host.CreateGrpcChannel();
        var reply = await new IdentityService.IdentityServiceClient(channel).SearchDisplayNamesAsync(
            new SearchDisplayNamesRequest { Prefix = prefix, Limit = limit }, await HeadersAsync(callingService), DateTime.UtcNow.AddSeconds(10), Ct);
        return [.. reply.AccountIds.Select(Guid.Parse)];
    }

    private async Task<Metadata> HeadersAsync(string callingService) =>
        new() { { "Authorization", $"Bearer {await app.ServiceTokenAsync(callingService)}" } };
}
