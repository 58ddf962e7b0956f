using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

public sealed class RegistrationTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static int mobileSequence;

    /// <summary>A mobile number no other test in this run uses.</summary>
    internal static string UniqueMobile() =>
        $"139{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref mobileSequence) % 100000:D5}";

    [Fact]
    public async Task Register_WithValidBody_Returns201WithLocation_AndTheVolunteerCanBeRead()
    {
        var mobile = UniqueMobile();

        var response = await app.Client.PostAsJsonAsync("/volunteers", new { name = "李忠", mobile, communityId = "xintang" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/volunteers/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(7, id.Version);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal($"{mobile[..3]}****{mobile[7..]}", created.GetProperty("mobile").GetString());

        var read = await app.Client.GetFromJsonAsync<JsonElement>($"/volunteers/{id}", TestContext.Current.CancellationToken);
        Assert.Equal("李忠", read.GetProperty("name").GetString());
        Assert.Equal("xintang", read.GetProperty("communityId").GetString());
    }

    [Fact]
    public async Task Register_WithBrokenFields_Returns400WithARuleCodePerField_AndSavesNothing()
    {
        var response = await app.Client.PostAsJsonAsync("/volunteers", new { name = " ", mobile = "12800138000", communityId = "atlantis" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.Equal("required", errors.GetProperty("name")[0].GetString());
        Assert.Equal("mobile_format", errors.GetProperty("mobile")[0].GetString());
        Assert.Equal("unknown_community", errors.GetProperty("communityId")[0].GetString());
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Mobile == "12800138000", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Register_WithMalformedJson_Returns400MalformedRequest()
    {
        using var content = new StringContent("{\"name\": \"李忠\", ", Encoding.UTF8, "application/json");

        var response = await app.Client.PostAsync("/volunteers", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task Register_WithDuplicateMobile_Returns409_AndKeepsTheFirst()
    {
        var mobile = UniqueMobile();
        var first = await app.Client.PostAsJsonAsync("/volunteers", new { name = "邵凤华", mobile, communityId = "fushun" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await app.Client.PostAsJsonAsync("/volunteers", new { name = "岳传生", mobile, communityId = "fushun" }, TestContext.Current.CancellationToken);

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "mobile_already_registered");
        await using var db = app.CreateDbContext();
        var names = await db.Volunteers.Where(v => v.Mobile == mobile).Select(v => v.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["邵凤华"], names);
    }

    [Fact]
    public async Task Register_SameMobileConcurrently_ExactlyOneWins()
    {
        var mobile = UniqueMobile();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            app.Client.PostAsJsonAsync("/volunteers", new { name = $"志愿者{i}", mobile, communityId = "wanda" }, TestContext.Current.CancellationToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Volunteers.CountAsync(v => v.Mobile == mobile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_WithUnknownId_Returns404Problem()
    {
        var response = await app.Client.GetAsync($"/volunteers/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await app.Client.GetAsync("/volunteers/not-a-uuid/nothing", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
