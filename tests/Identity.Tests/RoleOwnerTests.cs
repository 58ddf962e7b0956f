using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>
/// The volunteer and merchant-staff roles follow their owners (Volunteers, Merchants), never an event
/// alone: on every role event Identity asks the owner and sets the role to its answer.
/// </summary>
public sealed class RoleOwnerTests(RoleOwners owners) : IClassFixture<RoleOwners>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IdentityApp Identity => owners.Identity;

    [Fact]
    public async Task AForgedVolunteerVerified_GrantsNothing_AndTheRealVerification_GrantsTheRole()
    {
        var (id, mobile) = await Identity.SignUpAsync("冒充者");
        var forged = new VolunteerVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, id, "wanda", Guid.CreateVersion7());

        // Straight to the broker, as anyone holding a service's broker credentials could.
        await Identity.PublishAsync(forged, forged.EventId);
        await Identity.HandledAsync(forged.EventId);

        Assert.False(await Identity.HoldsRoleAsync(id, Roles.Volunteer));
        Assert.DoesNotContain(Roles.Volunteer, Jwt.Claim(await Identity.LoginAsync(mobile), "role"));

        await RegisterAndVerifyAsync(id, mobile);
        await Identity.WaitForRoleAsync(id, Roles.Volunteer);
        Assert.Contains(Roles.Volunteer, Jwt.Claim(await Identity.LoginAsync(mobile), "role"));
    }

    [Fact]
    public async Task SuspensionAndReinstatement_InWhateverOrderTheirEventsArrive_LeaveTheRoleAsVolunteersSays()
    {
        var (id, mobile) = await Identity.SignUpAsync("邵凤华");
        using var admin = await RegisterAndVerifyAsync(id, mobile);
        await Identity.WaitForRoleAsync(id, Roles.Volunteer);

        (await admin.PostAsJsonAsync($"/volunteers/{id}/suspension", new { reason = "多次认领后未到场" }, Ct)).EnsureSuccessStatusCode();
        await Identity.WaitForRoleAsync(id, Roles.Volunteer, held: false);

        // A late copy of an older grant (the verification before the suspension) arrives now: Volunteers
        // says suspended, so the role stays away.
        var late = new VolunteerVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-5), null, id, "xintang", Guid.CreateVersion7());
        await Identity.PublishAsync(late, late.EventId);
        await Identity.HandledAsync(late.EventId);
        Assert.False(await Identity.HoldsRoleAsync(id, Roles.Volunteer));

        (await admin.PostAsJsonAsync($"/volunteers/{id}/reinstatement", new { reason = "已说明情况" }, Ct)).EnsureSuccessStatusCode();
        await Identity.WaitForRoleAsync(id, Roles.Volunteer);

        // And a late copy of the suspension's revocation, after the reinstatement: the role stays.
        var stale = new VolunteerVerificationRevoked(Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-1), null, id, "xintang", Guid.CreateVersion7());
        await Identity.PublishAsync(stale, stale.EventId);
        await Identity.HandledAsync(stale.EventId);
        Assert.True(await Identity.HoldsRoleAsync(id, Roles.Volunteer));
    }

    [Fact]
    public async Task MerchantStaff_IsGrantedWhenMerchantsSaysSo_AndAForgedStaffEventGrantsNothing()
    {
        var (registrant, mobile) = await Identity.SignUpAsync("店主");
        var (intruder, _) = await Identity.SignUpAsync("冒充店员");
        var merchant = await RegisterAndVerifyMerchantAsync(mobile);

        await Identity.WaitForRoleAsync(registrant, Roles.MerchantStaff, merchant.ToString());
        Assert.Equal([merchant.ToString()], Jwt.Claim(await Identity.LoginAsync(mobile), AllianceClaims.MerchantId));

        var forged = new MerchantStaffAdded(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, merchant, intruder);
        await Identity.PublishAsync(forged, forged.EventId);
        await Identity.HandledAsync(forged.EventId);
        Assert.False(await Identity.HoldsRoleAsync(intruder, Roles.MerchantStaff));

        // A forged removal of the real staff member takes nothing away either: Merchants says staff.
        var removal = new MerchantStaffRemoved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, merchant, registrant);
        await Identity.PublishAsync(removal, removal.EventId);
        await Identity.HandledAsync(removal.EventId);
        Assert.True(await Identity.HoldsRoleAsync(registrant, Roles.MerchantStaff, merchant.ToString()));
    }

    [Fact]
    public async Task AnInvitedPerson_GetsMerchantStaffOnlyByAccepting_AndSuspensionTakesItFromEveryone_UntilReinstatement()
    {
        var (registrant, mobile) = await Identity.SignUpAsync("店主");
        var (colleague, colleagueMobile) = await Identity.SignUpAsync("店员");
        var merchant = await RegisterAndVerifyMerchantAsync(mobile);
        await Identity.WaitForRoleAsync(registrant, Roles.MerchantStaff, merchant.ToString());
        using var staff = owners.Merchants.WithToken(await Identity.LoginAsync(mobile));
        using var colleagueClient = owners.Merchants.WithToken(await Identity.LoginAsync(colleagueMobile));
        using var streetAdmin = await Identity.StreetAdminClientAsync(owners.Merchants.Host.HttpAddress);

        var invited = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = colleague }, Ct);
        invited.EnsureSuccessStatusCode();
        var invitation = (await invited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.False(await Identity.HoldsRoleAsync(colleague, Roles.MerchantStaff));
        (await colleagueClient.PostAsync($"/merchants/{merchant}/staff/invitations/{invitation}/acceptance", null, Ct)).EnsureSuccessStatusCode();
        await Identity.WaitForRoleAsync(colleague, Roles.MerchantStaff, merchant.ToString());

        (await streetAdmin.PostAsJsonAsync($"/merchants/{merchant}/suspension", new { reason = "多次未兑现优惠" }, Ct)).EnsureSuccessStatusCode();
        await Identity.WaitForRoleAsync(registrant, Roles.MerchantStaff, held: false);
        await Identity.WaitForRoleAsync(colleague, Roles.MerchantStaff, held: false);
        Assert.Empty(Jwt.Claim(await Identity.LoginAsync(colleagueMobile), AllianceClaims.MerchantId));

        (await streetAdmin.PostAsync($"/merchants/{merchant}/reinstatement", null, Ct)).EnsureSuccessStatusCode();
        await Identity.WaitForRoleAsync(registrant, Roles.MerchantStaff, merchant.ToString());
        await Identity.WaitForRoleAsync(colleague, Roles.MerchantStaff, merchant.ToString());
    }

    [Fact]
    public async Task AnEventAboutAnUnknownAccount_ChangesNothing_AndLaterEventsStillFlow()
    {
        var stranger = new VolunteerVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "wanda", Guid.CreateVersion7());
        await Identity.PublishAsync(stranger, stranger.EventId);
        var (id, mobile) = await Identity.SignUpAsync();

        using var admin = await RegisterAndVerifyAsync(id, mobile);

        await Identity.WaitForRoleAsync(id, Roles.Volunteer);
        // Identity has dealt with the stranger's event (its inbox row), and it changed nothing.
        await Identity.HandledAsync(stranger.EventId);
        Assert.False(await Identity.HoldsRoleAsync(stranger.VolunteerId, Roles.Volunteer));
    }

    /// <summary>Registers the person with Volunteers and has an admin of xintang verify them there; the admin's client.</summary>
    private async Task<HttpClient> RegisterAndVerifyAsync(Guid id, string mobile)
    {
        using (var self = owners.Volunteers.WithToken(await Identity.LoginAsync(mobile)))
        {
            (await self.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("志愿者", "xintang"), Ct)).EnsureSuccessStatusCode();
        }

        var admin = owners.Volunteers.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.CommunityAdmin],
            claims: new Dictionary<string, object> { [AllianceClaims.CommunityId] = "xintang" }));
        (await admin.PostAsync($"/volunteers/{id}/verification", null, Ct)).EnsureSuccessStatusCode();
        return admin;
    }

    /// <summary>The person registers a business with Merchants and this Identity's street admin verifies it; its id.</summary>
    private async Task<Guid> RegisterAndVerifyMerchantAsync(string mobile)
    {
        using var self = owners.Merchants.WithToken(await Identity.LoginAsync(mobile));
        var created = await self.PostAsJsonAsync("/merchants", new
        {
            name = "城北茶馆",
            licenceNumber = LicenceNumbers.Next(),
            trade = new[] { "activity_wish" },
            communityId = "wanda",
        }, Ct);
        created.EnsureSuccessStatusCode();
        var merchant = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var admin = await Identity.StreetAdminClientAsync(owners.Merchants.Host.HttpAddress);
        (await admin.PostAsync($"/merchants/{merchant}/verification", null, Ct)).EnsureSuccessStatusCode();
        return merchant;
    }
}
