using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>A new team waits for an admin covering its community (the street admin for a street-wide one).</summary>
public sealed class ApprovalTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewTeam_IsUnapprovedAndQueued_UntilAnAdminOfItsCommunityApprovesIt_Once()
    {
        var (team, _, leader) = await app.TeamAsync("xintang", approved: false);
        var admin = app.CommunityAdmin("xintang");
        Assert.Equal("unapproved", (await leader.GetFromJsonAsync<JsonElement>($"/teams/{team}", Ct)).GetProperty("status").GetString());
        Assert.Contains(team, await IdsAsync(admin, "/teams?status=unapproved&limit=100"));
        var before = await app.FingerprintAsync();

        var byOtherAdmin = await app.CommunityAdmin("wanda").PostAsync($"/teams/{team}/approval", null, Ct);
        var byLeader = await leader.PostAsync($"/teams/{team}/approval", null, Ct);
        var unknown = await admin.PostAsync($"/teams/{Guid.CreateVersion7()}/approval", null, Ct);
        var badFilter = await admin.GetAsync("/teams?status=pending", Ct);

        await byOtherAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "team_out_of_scope");
        await byLeader.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        Assert.Equal("unknown_status", (await badFilter.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").GetProperty("status")[0].GetString());
        Assert.Equal(before, await app.FingerprintAsync());

        var approved = await admin.PostAsync($"/teams/{team}/approval", null, Ct);
        var afterFirst = await app.FingerprintAsync();
        var again = await app.StreetAdmin().PostAsync($"/teams/{team}/approval", null, Ct);

        var body = await approved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((HttpStatusCode.OK, "approved"), (approved.StatusCode, body.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // The database keeps microseconds, the first answer the clock's ticks: the same instant to the millisecond.
        Assert.Equal(
            body.GetProperty("approvedAt").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("approvedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(afterFirst, await app.FingerprintAsync());
        Assert.DoesNotContain(team, await IdsAsync(admin, "/teams?status=unapproved&limit=100"));
        Assert.Contains(team, await IdsAsync(admin, "/teams?status=approved&communityId=xintang&limit=100"));
    }

    [Fact]
    public async Task StreetWideTeam_IsApprovedByTheStreetAdminOnly()
    {
        var (_, leader) = app.MintedVolunteer();
        var created = await leader.PostAsJsonAsync("/teams", new { name = $"文艺紫{Guid.NewGuid():N}"[..10], streetWide = true, theme = "culturePurple" }, Ct);
        var team = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var before = await app.FingerprintAsync();

        var byCommunityAdmin = await app.CommunityAdmin("wanda").PostAsync($"/teams/{team}/approval", null, Ct);

        await byCommunityAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "team_out_of_scope");
        Assert.Equal(before, await app.FingerprintAsync());
        var byStreetAdmin = await app.StreetAdmin().PostAsync($"/teams/{team}/approval", null, Ct);
        Assert.Equal("approved", (await byStreetAdmin.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path, Ct)).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
}
