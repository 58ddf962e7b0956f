using System.Net;
using System.Net.Http.Json;
using Alliance.Contracts.Needs;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>The bad input: each a 400 with field errors, and nothing saved.</summary>
public sealed class BadInputTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "empty title", "title", "required" },
        { "unknown kind", "kindId", "unknown_kind" },
        { "unknown community", "communityId", "unknown_community" },
        { "unknown grid", "gridId", "unknown_grid" },
        { "a grid of another community", "gridId", "unknown_grid" },
        { "window ending before it starts", "wantedUntil", "ends_before_start" },
        { "window in the past", "wantedUntil", "in_past" },
        { "51 helpers", "helpersNeeded", "out_of_range" },
        { "2001 Chinese characters of description", "description", "too_long" },
        { "unknown urgency", "urgency", "unknown_urgency" },
        { "unknown required skill", "requiredSkills", "unknown_kind" },
        { "a micro-wish without its wish", "wish", "required" },
        { "no address", "address", "required" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_WithBadInput_Is400WithTheFieldsRule_AndSavesNothing(string bad, string field, string rule)
    {
        var (resident, client) = await app.SignInAsync();
        var body = NeedsApp.NeedBody();
        switch (bad)
        {
            case "empty title": body["title"] = "  "; break;
            case "unknown kind": body["kindId"] = "clock_magic"; break;
            case "unknown community": body["communityId"] = "atlantis"; body["gridId"] = "atlantis-01"; break;
            case "unknown grid": body["gridId"] = "wanda-99"; break;
            case "a grid of another community": body["gridId"] = "xintang-01"; break;
            case "window ending before it starts": body["wantedUntil"] = DateTimeOffset.UtcNow.AddMinutes(30); break;
            case "window in the past": body["wantedFrom"] = DateTimeOffset.UtcNow.AddDays(-2); body["wantedUntil"] = DateTimeOffset.UtcNow.AddDays(-1); break;
            case "51 helpers": body["helpersNeeded"] = 51; break;
            case "2001 Chinese characters of description": body["description"] = new string('修', 2001); break;
            case "unknown urgency": body["urgency"] = "whenever"; break;
            case "unknown required skill": body["requiredSkills"] = new[] { "haircut", "juggling" }; break;
            case "a micro-wish without its wish": body["kindId"] = "micro_wish"; body["wish"] = null; break;
            case "no address": body.Remove("address"); break;
        }

        var response = await client.PostAsJsonAsync("/needs", body, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Needs.AnyAsync(n => n.RequesterId == resident, Ct));
        Assert.Empty(await app.PublishedAsync<NeedPosted>(e => e.RequesterId == resident || e.PostedById == resident));
    }

    [Fact]
    public async Task ADescriptionOf2000ChineseCharacters_IsAccepted_AndStoredWhole()
    {
        var (_, client) = await app.SignInAsync();
        var body = NeedsApp.NeedBody();
        body["description"] = new string('钟', 2000);

        var need = await NeedsApp.PostNeedAsync(client, body);

        await using var db = app.CreateDbContext();
        Assert.Equal(2000, (await db.Needs.SingleAsync(n => n.Id == need, Ct)).Description!.Length);
    }

    [Theory]
    [InlineData("/needs?after=bm90LWEtY3Vyc29y")]
    [InlineData("/needs/mine?after=bm90LWEtY3Vyc29y")]
    [InlineData("/needs?limit=101")]
    [InlineData("/needs?kindId=clock_magic")]
    [InlineData("/needs?gridId=wanda-99")]
    public async Task TheBoard_WithAnUnknownCursorOrFilter_Is400(string path)
    {
        var (_, client) = await app.SignInAsync();

        var response = await client.GetAsync(path, Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task TheBoard_WithAWellFormedCursorOfNoNeed_Is400UnknownCursor()
    {
        var (_, client) = await app.SignInAsync();
        var cursor = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("v1:" + Guid.CreateVersion7().ToString("N"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await client.GetAsync($"/needs?after={cursor}", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_cursor", problem.GetProperty("errors").GetProperty("after")[0].GetString());
    }

    [Fact]
    public async Task ACompletion_WithNightHoursBeyondTheHours_Is400_AndTheNeedStaysInProgress()
    {
        var (need, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);

        var response = await volunteer.Send($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 2m, 3m)));
        var tooPrecise = await volunteer.Send($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 2.25m, 0m)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("night_exceeds_hours", problem.GetProperty("errors").GetProperty("helpers[0].nightHours")[0].GetString());
        await tooPrecise.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await using var db = app.CreateDbContext();
        Assert.Equal(Board.NeedStatus.InProgress, (await db.Needs.SingleAsync(n => n.Id == need, Ct)).Status);
    }
}
