using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// The names of a need's people (Identity's display names): to the requester's side from the claim on and
/// to the claimant's side; to no one else.
/// </summary>
public sealed class NeedNamesTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    [Fact]
    public async Task TheRequester_SeesWhoClaimed_FromTheClaimOn_AndOnTheirListWhoHelps_FromAcceptance()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (volunteerId, volunteer) = await app.VolunteerAsync("李忠");
        await volunteer.Must($"/needs/{need}/claims");

        var claimed = await resident.Read($"/needs/{need}");
        var listedClaimed = Single(await resident.Read("/needs/mine"));
        await resident.Must($"/needs/{need}/acceptance");
        var listedAccepted = Single(await resident.Read("/needs/mine"));
        var asClaimant = await volunteer.Read($"/needs/{need}");

        Assert.Equal((volunteerId, "李忠", "李忠"), (claimed.GetProperty("claimedById").GetGuid(), claimed.GetProperty("claimedByName").GetString(),
            claimed.GetProperty("claimantName").GetString()));
        Assert.Equal(("李忠", 0), (listedClaimed.GetProperty("claimedByName").GetString(), listedClaimed.GetProperty("helping").GetArrayLength()));
        var helping = Assert.Single(listedAccepted.GetProperty("helping").EnumerateArray());
        Assert.Equal((volunteerId, "李忠"), (helping.GetProperty("volunteerId").GetGuid(), helping.GetProperty("volunteerName").GetString()));
        Assert.Equal("李忠", asClaimant.GetProperty("claimedByName").GetString());
    }

    [Fact]
    public async Task AnotherResident_AndAnotherVolunteer_SeeNoNames_OnSomeoneElsesNeed()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (_, volunteer) = await app.VolunteerAsync("岳传生");
        await volunteer.Must($"/needs/{need}/claims");
        await resident.Must($"/needs/{need}/acceptance");
        var (_, stranger) = await app.SignInAsync();
        var (_, otherVolunteer) = await app.VerifiedVolunteerAsync();

        foreach (var seen in new[] { await stranger.Read($"/needs/{need}"), await otherVolunteer.Read($"/needs/{need}") })
        {
            Assert.All(new[] { "claimantName", "claimedById", "claimedByName" }, field => Assert.Equal(JsonValueKind.Null, seen.GetProperty(field).ValueKind));
        }

        Assert.Empty((await stranger.Read("/needs/mine")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AnErasedHelper_ShowsAsErased_InTheCallersLanguage_NeverByTheirOldName()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (volunteerId, volunteer) = await app.VolunteerAsync("邵凤华");
        await volunteer.Must($"/needs/{need}/claims");
        await resident.Must($"/needs/{need}/acceptance");
        var erased = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteerId, "xintang");
        await app.Identity.PublishAsync(erased, erased.EventId);
        await app.Identity.HandledAsync(erased.EventId);

        var seen = await resident.Read($"/needs/{need}");
        using var inEnglish = new HttpRequestMessage(HttpMethod.Get, "/needs/mine");
        inEnglish.Headers.AcceptLanguage.ParseAdd("en");
        using var answer = await resident.SendAsync(inEnglish, TestContext.Current.CancellationToken);
        var listed = Single(await answer.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));

        Assert.Equal(("已注销", "已注销"), (seen.GetProperty("claimedByName").GetString(), seen.GetProperty("claimantName").GetString()));
        Assert.Equal(("deleted", "deleted"), (listed.GetProperty("claimedByName").GetString(), listed.GetProperty("helping")[0].GetProperty("volunteerName").GetString()));
        Assert.DoesNotContain("邵凤华", seen.ToString() + listed);
    }

    private static JsonElement Single(JsonElement page) => Assert.Single(page.GetProperty("items").EnumerateArray());
}
