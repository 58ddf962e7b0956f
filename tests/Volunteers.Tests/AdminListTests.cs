using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Volunteers.Registration;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>What an admin works from: a community's volunteers (the verification queue) and each volunteer's status history.</summary>
public sealed class AdminListTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheVerificationQueue_ListsACommunitysPendingVolunteers_OldestFirst_PageByPage()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "daguanmingyuan");
        var registered = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            registered.Add(await RegisterAsync("daguanmingyuan", $"排队{i}"));
        }

        (await admin.PostAsync($"/volunteers/{registered[1]}/verification", null, Ct)).EnsureSuccessStatusCode();

        var pending = await AllAsync(admin, "/volunteers/communities/daguanmingyuan?status=pending&limit=1");
        var mine = pending.Where(registered.Contains).ToList();
        Assert.Equal([registered[0], registered[2]], mine);
        var active = await AllAsync(admin, "/volunteers/communities/daguanmingyuan?status=active");
        Assert.Contains(registered[1], active);
        Assert.DoesNotContain(registered[0], active);
        var page = await admin.GetFromJsonAsync<JsonElement>("/volunteers/communities/daguanmingyuan?status=pending", Ct);
        var first = page.GetProperty("items").EnumerateArray().First();
        Assert.False(first.TryGetProperty("idCardNumber", out _), "A list shows no ID card.");
        Assert.False(first.TryGetProperty("phone", out _), "A list shows no phone.");
    }

    [Fact]
    public async Task TheList_IsCutToTheCallersScope()
    {
        var inFirstGrid = await RegisterAsync("daguanmingyuan", "一格");
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "fushun");
        var (_, gridWorkerElsewhere) = await app.SignInAsAsync(Roles.GridWorker, "daguanmingyuan", "daguanmingyuan-02");
        var (_, gridWorker) = await app.SignInAsAsync(Roles.GridWorker, "daguanmingyuan", "daguanmingyuan-01");
        var (_, resident) = await app.SignInAsync();

        await (await otherAdmin.GetAsync("/volunteers/communities/daguanmingyuan", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, VolunteersApi.OutOfScope);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/volunteers/communities/daguanmingyuan", Ct)).StatusCode);
        Assert.DoesNotContain(inFirstGrid, await AllAsync(gridWorkerElsewhere, "/volunteers/communities/daguanmingyuan"));
        Assert.Contains(inFirstGrid, await AllAsync(gridWorker, "/volunteers/communities/daguanmingyuan"));
    }

    [Fact]
    public async Task BadFilters_AreA400NamingTheirRule()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "daguanmingyuan");

        var problem = await (await admin.GetAsync("/volunteers/communities/daguanmingyuan?status=sleeping&skill=juggling&limit=0", Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var errors = problem.GetProperty("errors");
        Assert.Equal("unknown_status", errors.GetProperty("status")[0].GetString());
        Assert.Equal("unknown_kind", errors.GetProperty("skill")[0].GetString());
        Assert.Equal("out_of_range", errors.GetProperty("limit")[0].GetString());
        var cursor = await (await admin.GetAsync($"/volunteers/communities/daguanmingyuan?after={Guid.CreateVersion7():N}", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_cursor", cursor.GetProperty("errors").GetProperty("after")[0].GetString());
    }

    [Fact]
    public async Task TheStatusHistory_RecordsEveryChange_WithWhoAndWhy_ForTheVolunteerAndTheirAdmins()
    {
        var (volunteer, volunteerClient) = await app.SignInAsync();
        (await volunteerClient.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("史记", "daguanmingyuan"), Ct)).EnsureSuccessStatusCode();
        var (adminId, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "daguanmingyuan");
        (await admin.PostAsync($"/volunteers/{volunteer}/verification", null, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/volunteers/{volunteer}/suspension", new { reason = "连续三次爽约" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/volunteers/{volunteer}/reinstatement", new { reason = "已当面说明" }, Ct)).EnsureSuccessStatusCode();

        var history = await volunteerClient.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/status-history", Ct);

        var changes = history.EnumerateArray().Select(c => (
            From: c.GetProperty("from").ValueKind == JsonValueKind.Null ? null : c.GetProperty("from").GetString(),
            To: c.GetProperty("to").GetString(),
            By: c.GetProperty("by").GetGuid(),
            Reason: c.GetProperty("reason").ValueKind == JsonValueKind.Null ? null : c.GetProperty("reason").GetString())).ToList();
        Assert.Equal(
            [(null, "pending", volunteer, null), ("pending", "active", adminId, null), ("active", "suspended", adminId, "连续三次爽约"), ("suspended", "active", adminId, "已当面说明")],
            changes);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/volunteers/{volunteer}/status-history", Ct)).StatusCode);
        var (_, stranger) = await app.SignInAsync();
        await (await stranger.GetAsync($"/volunteers/{volunteer}/status-history", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, VolunteersApi.VolunteerNotFound);
    }

    private async Task<Guid> RegisterAsync(string communityId, string name)
    {
        var (id, client) = await app.SignInAsync();
        (await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(name, communityId), Ct)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Every id of a list, following its cursors to the end.</summary>
    private static async Task<List<Guid>> AllAsync(HttpClient client, string url)
    {
        var ids = new List<Guid>();
        string? next = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next is null ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}after={next}", Ct);
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (next is not null);
        return ids;
    }
}
