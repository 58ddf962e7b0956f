using System.Security.Claims;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Pairings;
using Alliance.Volunteers.Registration;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Who may pair whom, and where the pairing lives, as rules without a database.</summary>
[Trait("Category", "Unit")]
public sealed class PairingScopeTests
{
    private static readonly RecipientPlace Wanda01 = new("wanda", "wanda-01");

    private static AccountLookup Account(bool assisted, string? communityId, string? gridId) =>
        new(true, "张阿婆", null) { Assisted = assisted, CommunityId = communityId, GridId = gridId };

    [Fact]
    public void OnlyAnAssistedAccount_WithAKnownCellOfItsCommunity_HasAPlace()
    {
        Assert.Equal(Wanda01, RecipientPlace.Of(Account(true, "wanda", "wanda-01")));
        Assert.Null(RecipientPlace.Of(Account(false, "wanda", "wanda-01")));
        Assert.Null(RecipientPlace.Of(Account(false, null, null)));
        Assert.Null(RecipientPlace.Of(Account(true, null, null)));
        Assert.Null(RecipientPlace.Of(Account(true, "wanda", "fushun-01")));
        Assert.Null(RecipientPlace.Of(new AccountLookup(false, null, null)));
        Assert.Null(RecipientPlace.Of(AccountLookup.Unavailable));
    }

    [Fact]
    public void TheRecipient_IsCoveredByTheAdminsOfTheirCommunity_TheirCellsGridWorker_AndTheStreetAdmin()
    {
        Assert.True(PairingScope.CoversRecipient(Admin("wanda"), Wanda01));
        Assert.True(PairingScope.CoversRecipient(GridWorker("wanda-01"), Wanda01));
        Assert.True(PairingScope.CoversRecipient(StreetAdmin(), Wanda01));
        Assert.False(PairingScope.CoversRecipient(Admin("fushun"), Wanda01));
        Assert.False(PairingScope.CoversRecipient(GridWorker("wanda-02"), Wanda01));
        Assert.False(PairingScope.CoversRecipient(Caller(), Wanda01));
    }

    [Fact]
    public void ARecipientWithoutAPlace_IsCoveredByNoOne_NotEvenTheStreetAdmin()
    {
        Assert.False(PairingScope.CoversRecipient(StreetAdmin(), null));
        Assert.False(PairingScope.CoversRecipient(Admin("wanda"), null));
    }

    [Fact]
    public void TheVolunteer_IsCoveredByTheAdminsOfTheirCommunity_AndTheStreetAdmin_NeverByAGridWorker()
    {
        Assert.True(PairingScope.CoversVolunteer(Admin("wanda"), "wanda"));
        Assert.True(PairingScope.CoversVolunteer(StreetAdmin(), "fushun"));
        Assert.False(PairingScope.CoversVolunteer(Admin("wanda"), "fushun"));
        Assert.False(PairingScope.CoversVolunteer(GridWorker("wanda-01"), "wanda"));
    }

    [Fact]
    public void APairing_LivesAtTheRecipientsPlace_AndItsBuildingMustBeOfThatCell()
    {
        var draft = new PairingDraft(Guid.CreateVersion7(), Guid.CreateVersion7(), RecipientCategory.Disabled, "万达华府3幢", null,
            new PairingAgreement(["walking_help"], null, 7), ConsentGiver.Self, null, null);
        var place = new RecipientPlace("wanda", "wanda-02");

        var pairing = Pairing.Start(draft, place, Guid.CreateVersion7(), DateTimeOffset.UtcNow);

        Assert.Equal(("wanda", "wanda-02", "万达华府3幢"), (pairing.CommunityId, pairing.GridId, pairing.Building));
        Assert.True(PairingForms.Check(draft, place).IsEmpty);
        Assert.Equal(["unknown_building"], PairingForms.Check(draft, Wanda01).ToDictionary()["building"]);
        Assert.True(PairingForms.Check(draft with { Building = null }, Wanda01).IsEmpty);
    }

    private static ClaimsPrincipal Admin(string communityId) =>
        Caller((AllianceClaims.Role, Roles.CommunityAdmin), (AllianceClaims.CommunityId, communityId));

    private static ClaimsPrincipal GridWorker(string gridId) =>
        Caller((AllianceClaims.Role, Roles.GridWorker), (AllianceClaims.GridId, gridId));

    private static ClaimsPrincipal StreetAdmin() => Caller((AllianceClaims.Role, Roles.StreetAdmin));

    private static ClaimsPrincipal Caller(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(
            claims.Select(c => new Claim(c.Type, c.Value)).Append(new Claim(AllianceClaims.Subject, Guid.CreateVersion7().ToString())),
            "Bearer", AllianceClaims.Name, AllianceClaims.Role));
}
