using System.Net;
using System.Text.Json;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>A claimant's own claims in every state, and a merchant's claims for its staff: keyset pages, newest first, no one else's.</summary>
public sealed class ClaimListTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MyClaims_ListEveryStateAndWhomFor_NewestFirst_InKeysetPages_AndNotAnotherVolunteers()
    {
        var (released, _) = await app.PostNeedAsync();
        var (declined, declining) = await app.PostNeedAsync();
        var (accepted, accepting) = await app.PostNeedAsync();
        var (othersNeed, _) = await app.PostNeedAsync();
        var (me, volunteer) = await app.VerifiedVolunteerAsync();
        var (other, otherVolunteer) = await app.VerifiedVolunteerAsync();
        await volunteer.Must($"/needs/{released}/claims");
        await volunteer.Must($"/needs/{released}/release", new { reason = "临时有事" });
        await volunteer.Must($"/needs/{declined}/claims");
        await declining.Must($"/needs/{declined}/declination");
        await volunteer.Must($"/needs/{accepted}/claims");
        await accepting.Must($"/needs/{accepted}/acceptance");
        await otherVolunteer.Must($"/needs/{othersNeed}/claims");
        // The need I let go, claimed again by someone else: its later life is not on my list.
        await otherVolunteer.Must($"/needs/{released}/claims");

        var first = await volunteer.Read("/needs/claims/mine?limit=2");
        var second = await volunteer.Read($"/needs/claims/mine?limit=2&after={first.GetProperty("next").GetString()}");
        var theirs = await otherVolunteer.Read("/needs/claims/mine");

        Assert.Equal([(accepted, "accepted"), (declined, "declined")], NeedsAndStates(first));
        Assert.Equal([(released, "released")], NeedsAndStates(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var claim = first.GetProperty("items")[0];
        Assert.Equal(("volunteer", me, me, "老座钟坏了"), (claim.GetProperty("claimantKind").GetString(), claim.GetProperty("claimantId").GetGuid(),
            claim.GetProperty("claimedById").GetGuid(), claim.GetProperty("title").GetString()));
        Assert.NotEqual(JsonValueKind.Null, claim.GetProperty("acceptedAt").ValueKind);
        var gone = second.GetProperty("items")[0];
        Assert.NotEqual(JsonValueKind.Null, gone.GetProperty("endedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("startedAt").ValueKind);
        Assert.Equal([(released, "claimed"), (othersNeed, "claimed")], NeedsAndStates(theirs));
        Assert.All(theirs.GetProperty("items").EnumerateArray(), c => Assert.Equal(other, c.GetProperty("claimantId").GetGuid()));
    }

    [Fact]
    public async Task ALeadersClaims_SayTheyWereForTheTeam()
    {
        var (need, _) = await app.PostNeedAsync();
        var (team, leaderId, leader, _) = await app.TeamAsync();
        await leader.Must($"/needs/{need}/claims", new { teamId = team });

        var mine = await leader.Read("/needs/claims/mine");

        var claim = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal((need, "team", team, leaderId), (claim.GetProperty("needId").GetGuid(), claim.GetProperty("claimantKind").GetString(),
            claim.GetProperty("claimantId").GetGuid(), claim.GetProperty("claimedById").GetGuid()));
    }

    [Fact]
    public async Task BadPagingInput_Is400_AndAnotherVolunteersCursorIsUnknownToMe()
    {
        var (_, volunteer) = await app.VerifiedVolunteerAsync();
        var (_, other) = await app.VerifiedVolunteerAsync();
        foreach (var title in new[] { "换灯泡", "修水龙头" })
        {
            var (need, _) = await app.PostNeedAsync(title);
            await other.Must($"/needs/{need}/claims");
        }

        var theirCursor = (await other.Read("/needs/claims/mine?limit=1")).GetProperty("next").GetString();

        await (await volunteer.GetAsync("/needs/claims/mine?limit=0", Ct)).AssertFieldErrorAsync("limit", "out_of_range");
        await (await volunteer.GetAsync("/needs/claims/mine?limit=101", Ct)).AssertFieldErrorAsync("limit", "out_of_range");
        await (await volunteer.GetAsync("/needs/claims/mine?after=not-a-cursor", Ct)).AssertFieldErrorAsync("after", "unknown_cursor");
        await (await volunteer.GetAsync($"/needs/claims/mine?after={theirCursor}", Ct)).AssertFieldErrorAsync("after", "unknown_cursor");
        await (await volunteer.GetAsync("/needs/claims/merchant?limit=0", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_merchant_staff");
        using var staff = Staff(Guid.CreateVersion7(), Guid.CreateVersion7());
        await (await staff.GetAsync("/needs/claims/merchant?limit=abc", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        using var twoShops = app.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.MerchantStaff],
            claims: new Dictionary<string, object> { [AllianceClaims.MerchantId] = new[] { Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString() } }));
        await (await twoShops.GetAsync("/needs/claims/merchant", Ct)).AssertFieldErrorAsync("merchantId", "required");
        await (await staff.GetAsync("/needs/claims/merchant?merchantId=xyz", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task AMerchantsStaff_ListTheNeedsItClaimed_AndStaffOfAnotherMerchantSeeNoneOfThem()
    {
        var (merchantA, merchantB) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (staffA, staffB) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (forA, _) = await app.PostNeedAsync("裤脚改短", "other");
        var (forB, _) = await app.PostNeedAsync("拉链坏了", "other");
        // Merchants is down beside these tests (NeedsApp), so the claims are made by the domain's own rule and saved.
        await MerchantClaimAsync(forA, merchantA, staffA);
        await MerchantClaimAsync(forB, merchantB, staffB);
        using var clientA = Staff(staffA, merchantA);
        using var clientB = Staff(staffB, merchantB);
        var (_, resident) = await app.SignInAsync();

        var listA = await clientA.Read("/needs/claims/merchant");
        var listB = await clientB.Read($"/needs/claims/merchant?merchantId={merchantB}");
        var mineA = await clientA.Read("/needs/claims/mine");

        var claim = Assert.Single(listA.GetProperty("items").EnumerateArray());
        Assert.Equal((forA, "merchant", merchantA, staffA, "claimed"), (claim.GetProperty("needId").GetGuid(), claim.GetProperty("claimantKind").GetString(),
            claim.GetProperty("claimantId").GetGuid(), claim.GetProperty("claimedById").GetGuid(), claim.GetProperty("state").GetString()));
        Assert.Equal([forB], listB.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("needId").GetGuid()));
        Assert.Equal([forA], mineA.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("needId").GetGuid()));
        await (await clientA.GetAsync($"/needs/claims/merchant?merchantId={merchantB}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_merchant_staff");
        await (await resident.GetAsync($"/needs/claims/merchant?merchantId={merchantA}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_merchant_staff");
    }

    private HttpClient Staff(Guid id, Guid merchant) => app.WithToken(IdentityApp.MintToken(id, [Roles.MerchantStaff],
        claims: new Dictionary<string, object> { [AllianceClaims.MerchantId] = merchant.ToString() }));

    private async Task MerchantClaimAsync(Guid needId, Guid merchant, Guid staff)
    {
        await using var db = app.CreateDbContext();
        var need = await db.Needs.SingleAsync(n => n.Id == needId, Ct);
        Assert.Null(need.ClaimForMerchant(merchant, staff, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(Ct);
    }

    private static (Guid Need, string State)[] NeedsAndStates(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(c => (c.GetProperty("needId").GetGuid(), c.GetProperty("state").GetString()!))];
}
