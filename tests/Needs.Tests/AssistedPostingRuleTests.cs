using System.Security.Claims;
using Alliance.Needs.Board;
using Alliance.Needs.Contacts;
using Alliance.ServiceDefaults.Security;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>The rule on the body field <c>requesterId</c>, without a database; PostingForOthersTests takes it through the API.</summary>
[Trait("Category", "Unit")]
public sealed class AssistedPostingRuleTests
{
    private static readonly NeedDraft Draft = new("想理个发", null, "haircut", "wanda", "wanda-01", null, "万达广场公寓1幢302室", NeedUrgency.Normal,
        Needs.Now, Needs.Now.AddDays(3), 1, [], null);

    private static readonly ClaimsPrincipal GridWorker = Person(Roles.GridWorker, (AllianceClaims.GridId, "wanda-01"));

    [Fact]
    public void AGridWorker_PostsForAnAssistedResidentOfTheirCell_AtTheResidentsPlace()
    {
        Assert.Null(AssistedPosting.Check(GridWorker, new ResidentRecord(true, "wanda", "wanda-01"), Draft));
        Assert.Null(AssistedPosting.Check(Person(Roles.CommunityAdmin, (AllianceClaims.CommunityId, "wanda")), new ResidentRecord(true, "wanda", "wanda-01"), Draft));
        Assert.Null(AssistedPosting.Check(Person(Roles.StreetAdmin), new ResidentRecord(true, "wanda", "wanda-01"), Draft));
    }

    public static TheoryData<string> NotTheirsToPostFor() => ["a signed-up account", "an assisted resident of another cell", "an unknown account"];

    [Theory]
    [MemberData(nameof(NotTheirsToPostFor))]
    public void Anyone_ButAnAssistedResidentOfTheirPlace_Is403ResidentOutOfScope(string who)
    {
        var resident = who switch
        {
            "a signed-up account" => new ResidentRecord(false, "", ""),
            "an assisted resident of another cell" => new ResidentRecord(true, "wanda", "wanda-02"),
            _ => ResidentRecord.Unknown,
        };

        var refusal = AssistedPosting.Check(GridWorker, resident, Draft);

        Assert.Equal((403, "resident_out_of_scope"), (refusal!.Status, refusal.Code));
    }

    [Fact]
    public void ANeedForAResident_IsAtTheResidentsOwnPlace_Else422()
    {
        var admin = Person(Roles.CommunityAdmin, (AllianceClaims.CommunityId, "wanda"));

        var refusal = AssistedPosting.Check(admin, new ResidentRecord(true, "wanda", "wanda-02"), Draft);

        Assert.Equal((422, "not_residents_place"), (refusal!.Status, refusal.Code));
    }

    [Fact]
    public void OnlySomeoneWhoCoversAPlace_MayPostForOthersAtAll()
    {
        Assert.False(AssistedPosting.MayPostForOthers(Person(Roles.Resident)));
        Assert.False(AssistedPosting.MayPostForOthers(Person(Roles.Volunteer)));
        // A scope claim without the role it belongs to counts for nothing.
        Assert.False(AssistedPosting.MayPostForOthers(Person(Roles.Resident, (AllianceClaims.GridId, "wanda-01"))));
        Assert.True(AssistedPosting.MayPostForOthers(GridWorker));
        Assert.True(AssistedPosting.MayPostForOthers(Person(Roles.StreetAdmin)));
    }

    private static ClaimsPrincipal Person(string role, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(
            [new Claim(AllianceClaims.Subject, Guid.CreateVersion7().ToString()), new Claim(AllianceClaims.Role, role), .. claims.Select(c => new Claim(c.Type, c.Value))],
            authenticationType: "Bearer", nameType: AllianceClaims.Name, roleType: AllianceClaims.Role));
}
