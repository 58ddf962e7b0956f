using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// The body field <c>requesterId</c> through the API with real tokens: only for an assisted resident of
/// a place the poster covers, at the resident's place; anything else is refused and changes nothing.
/// </summary>
[Collection(nameof(AttackTests))]
public sealed class PostingForOthersTests(NeedsApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGridWorker_PostsForAnAssistedResidentOfTheirCell_TheNeedIsTheResidents()
    {
        var (workerId, worker) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01");
        var resident = await app.Identity.AssistedResidentAsync("wanda", "wanda-01");

        var response = await worker.PostAsJsonAsync("/needs", For(resident), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var need = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await using var db = app.CreateDbContext();
        var stored = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need, Ct);
        Assert.Equal((resident, workerId, "wanda-01"), (stored.RequesterId, stored.PostedById, stored.GridId));
        Assert.Single(await app.PublishedAsync<NeedPosted>(e => e.NeedId == need));
    }

    public static TheoryData<string> NotTheirsToPostFor() =>
    [
        "a signed-up account",
        "an assisted resident of another cell",
        "an assisted resident of another community, by its neighbour's community admin",
        "an unknown account",
        "an assisted resident, by a resident who covers no place",
    ];

    [Theory]
    [MemberData(nameof(NotTheirsToPostFor))]
    public async Task PostingForAnyoneElse_Is403ResidentOutOfScope_AndChangesNothing(string who)
    {
        var (poster, requester) = who switch
        {
            "a signed-up account" => ((await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01")).Client, (await app.Identity.SignUpAsync("张阿婆")).Id),
            "an assisted resident of another cell" => ((await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-02")).Client, await app.Identity.AssistedResidentAsync("wanda", "wanda-01")),
            "an assisted resident of another community, by its neighbour's community admin" =>
                ((await app.SignInAsAsync(Roles.CommunityAdmin, "xintang")).Client, await app.Identity.AssistedResidentAsync("wanda", "wanda-01")),
            "an unknown account" => ((await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01")).Client, Guid.CreateVersion7()),
            _ => ((await app.SignInAsync()).Client, await app.Identity.AssistedResidentAsync("wanda", "wanda-01")),
        };
        var before = await app.FingerprintAsync();

        var response = await poster.PostAsJsonAsync("/needs", For(requester), Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "resident_out_of_scope");
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task ANeedForAResident_AtAnotherPlaceThanTheirs_Is422_AndChangesNothing()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var resident = await app.Identity.AssistedResidentAsync("wanda", "wanda-01");
        var body = For(resident);
        body["gridId"] = "wanda-02";
        body["building"] = null;
        var before = await app.FingerprintAsync();

        var response = await admin.PostAsJsonAsync("/needs", body, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not_residents_place");
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task WithIdentityDown_PostingForAResident_Is503_AndChangesNothing_ButPostingForOneselfWorks()
    {
        var (_, worker) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01");
        var resident = await app.Identity.AssistedResidentAsync("wanda", "wanda-01");
        await using var cutOff = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["services:identity:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var client = cutOff.CreateClient();
        client.DefaultRequestHeaders.Authorization = worker.DefaultRequestHeaders.Authorization;
        await client.WaitUntilReadyAsync();
        var before = await app.FingerprintAsync();

        var response = await client.PostAsJsonAsync("/needs", For(resident), Ct);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "identity_unavailable");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/needs", NeedsApp.NeedBody("网格员自己的需求"), Ct)).StatusCode);
    }

    /// <summary>A need at wanda-01 for <paramref name="requester"/>.</summary>
    private static Dictionary<string, object?> For(Guid requester)
    {
        var body = NeedsApp.NeedBody("想理个发", "haircut");
        body["requesterId"] = requester;
        return body;
    }
}
