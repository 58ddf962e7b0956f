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
    [Fact]
    public async Task Register_AsTheSignedInPerson_Returns201WithLocation_AndTheIdIsTheAccountId()
    {
        var (accountId, client) = await app.SignInAsync("李忠");

        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(accountId, created.GetProperty("id").GetGuid());
        Assert.Equal($"/volunteers/{accountId}", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.False(created.TryGetProperty("mobile", out _), "The mobile lives in Identity only.");

        var read = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{accountId}", TestContext.Current.CancellationToken);
        Assert.Equal("李忠", read.GetProperty("name").GetString());
        Assert.Equal("xintang", read.GetProperty("communityId").GetString());
    }

    [Fact]
    public async Task Register_WithoutAToken_Returns401_AndSavesNothing()
    {
        var response = await app.Client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("无名氏", "xintang"), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_required");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Name == "无名氏", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Register_WithBrokenFields_Returns400WithARuleCodePerField_AndSavesNothing()
    {
        var (accountId, client) = await app.SignInAsync();

        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(" ", "atlantis"), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.Equal("required", errors.GetProperty("name")[0].GetString());
        Assert.Equal("unknown_community", errors.GetProperty("communityId")[0].GetString());
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == accountId, TestContext.Current.CancellationToken));
    }

    /// <summary>A body that does not bind is a stable 400: no exception text, type names or JSON paths of the model binder.</summary>
    [Theory]
    [InlineData("{\"name\": \"李忠\", ")]
    [InlineData("{\"name\": 123}")]
    [InlineData("{\"partyMember\": \"yes\"}")]
    [InlineData("{\"availability\": [{\"day\": \"someday\"}]}")]
    [InlineData("[1, 2]")]
    public async Task Register_WithABodyThatDoesNotBind_Returns400MalformedRequest_WithoutInternals(string body)
    {
        var (accountId, client) = await app.SignInAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/volunteers", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        AssertNoInternals(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == accountId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AQueryValueOfTheWrongType_Returns400MalformedRequest_WithoutInternals()
    {
        using var admin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);

        var response = await admin.GetAsync("/volunteers/communities/wanda?limit=lots", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        AssertNoInternals(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void AssertNoInternals(string problem)
    {
        foreach (var inside in new[] { "System.", "Alliance.", "RegisterVolunteerRequest", "Int32", "Boolean", "DayOfWeek", "$.", "Path:", "Failed to", "parameter", "JsonException", "lots" })
        {
            Assert.DoesNotContain(inside, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Register_Twice_Returns409_AndKeepsTheFirst()
    {
        var (accountId, client) = await app.SignInAsync();
        var first = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("邵凤华", "fushun"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("岳传生", "fushun"), TestContext.Current.CancellationToken);

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "volunteer_already_registered");
        await using var db = app.CreateDbContext();
        var names = await db.Volunteers.Where(v => v.Id == accountId).Select(v => v.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["邵凤华"], names);
    }

    [Fact]
    public async Task Register_SamePersonConcurrently_ExactlyOneWins()
    {
        var (accountId, client) = await app.SignInAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration($"志愿者{i}", "wanda"), TestContext.Current.CancellationToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Volunteers.CountAsync(v => v.Id == accountId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_AnotherPersonsRecord_Returns404_AsIfItDidNotExist()
    {
        var (owner, ownerClient) = await app.SignInAsync();
        (await ownerClient.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("刘雨", "wanda"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var (_, stranger) = await app.SignInAsync();

        var response = await stranger.GetAsync($"/volunteers/{owner}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    [Fact]
    public async Task Get_WithUnknownId_Returns404Problem()
    {
        var (_, client) = await app.SignInAsync();

        var response = await client.GetAsync($"/volunteers/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await app.Client.GetAsync("/volunteers/not-a-uuid/nothing", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TheGatewaysCorrelationId_IsKeptOnTheAnswerAndItsProblem_AndACallWithoutOneGetsOne()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/volunteers/not-a-uuid/nothing");
        request.Headers.Add("X-Correlation-Id", "gw-2026.11.26:abc");

        var kept = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var made = await app.Client.GetAsync("/volunteers/not-a-uuid/nothing", TestContext.Current.CancellationToken);

        Assert.Equal("gw-2026.11.26:abc", Assert.Single(kept.Headers.GetValues("X-Correlation-Id")));
        var problem = await kept.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("gw-2026.11.26:abc", problem.GetProperty("correlationId").GetString());
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(made.Headers.GetValues("X-Correlation-Id")));
    }
}
