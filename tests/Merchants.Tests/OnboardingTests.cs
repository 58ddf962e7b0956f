using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Grpc.Core;
using Xunit;

namespace Alliance.Merchants.Tests;

public sealed class OnboardingTests(MerchantsApp app) : IClassFixture<MerchantsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStreetAdmin_RejectsAPendingBusinessWithAReason_OnlyOnce_AndPublishesMerchantRejected()
    {
        var (_, registrant) = await app.SignInAsync();
        var merchant = await MerchantsApp.RegisterAsync(registrant);
        var (admin, street) = await app.SignInAsAsync(Roles.StreetAdmin);

        var empty = await street.PostAsJsonAsync($"/merchants/{merchant}/rejection", new { reason = " " }, Ct);
        var rejected = await street.PostAsJsonAsync($"/merchants/{merchant}/rejection", new { reason = "营业执照与门店名称不符" }, Ct);
        var again = await street.PostAsJsonAsync($"/merchants/{merchant}/rejection", new { reason = "再次" }, Ct);
        var verify = await street.PostAsync($"/merchants/{merchant}/verification", null, Ct);

        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var body = await rejected.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("rejected", "营业执照与门店名称不符"), (body.GetProperty("status").GetString(), body.GetProperty("rejectionReason").GetString()));
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_pending");
        await verify.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_pending");
        Assert.Equal(admin, Assert.Single(await app.PublishedAsync<MerchantRejected>(e => e.MerchantId == merchant)).RejectedBy);
    }

    [Fact]
    public async Task ACommunityAdmin_CannotReject()
    {
        var (_, registrant) = await app.SignInAsync();
        var merchant = await MerchantsApp.RegisterAsync(registrant, communityId: "wanda");
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        var response = await admin.PostAsJsonAsync($"/merchants/{merchant}/rejection", new { reason = "材料不全" }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
    }

    [Fact]
    public async Task Staff_JoinOnlyByAcceptingAnInvitation_AndTheStaffRemoveStaff_WithTheirEvents()
    {
        var (merchant, registrant, staff) = await app.VerifiedMerchantAsync();
        var (colleague, colleagueClient) = await app.SignInAsync("店员");
        var (_, stranger) = await app.SignInAsync();

        // Staff may not add a person directly: no one becomes merchant staff without saying yes.
        var direct = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = colleague }, Ct);
        await direct.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var invited = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = colleague }, Ct);
        var twice = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = colleague }, Ct);
        var byStranger = await stranger.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = Guid.CreateVersion7() }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("pending", registrant), (invitation.GetProperty("status").GetString(), invitation.GetProperty("invitedBy").GetGuid()));
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "already_invited");
        await byStranger.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");

        // Until the person answers, nothing changes for them.
        var id = invitation.GetProperty("id").GetGuid();
        Assert.Empty(await app.PublishedAsync<MerchantStaffAdded>(e => e.MerchantId == merchant && e.AccountId == colleague));
        Assert.Equal([registrant], (await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/staff", Ct)).EnumerateArray().Select(s => s.GetProperty("accountId").GetGuid()));
        Assert.Equal([id], (await colleagueClient.GetFromJsonAsync<JsonElement>("/merchants/staff-invitations/mine", Ct)).EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var acceptedByStranger = await stranger.PostAsync($"/merchants/{merchant}/staff/invitations/{id}/acceptance", null, Ct);
        await acceptedByStranger.AssertProblemAsync(HttpStatusCode.NotFound, "invitation_not_found");

        var accepted = await colleagueClient.PostAsync($"/merchants/{merchant}/staff/invitations/{id}/acceptance", null, Ct);
        var acceptedAgain = await colleagueClient.PostAsync($"/merchants/{merchant}/staff/invitations/{id}/acceptance", null, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await acceptedAgain.AssertProblemAsync(HttpStatusCode.Conflict, "invitation_answered");
        Assert.Single(await app.PublishedAsync<MerchantStaffAdded>(e => e.MerchantId == merchant && e.AccountId == colleague));
        var list = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/staff", Ct);
        Assert.Equal([registrant, colleague], list.EnumerateArray().Select(s => s.GetProperty("accountId").GetGuid()));
        Assert.Empty((await colleagueClient.GetFromJsonAsync<JsonElement>("/merchants/staff-invitations/mine", Ct)).EnumerateArray());
        var inviteStaff = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = colleague }, Ct);
        await inviteStaff.AssertProblemAsync(HttpStatusCode.Conflict, "already_staff");

        var removed = await staff.DeleteAsync($"/merchants/{merchant}/staff/{colleague}", Ct);
        var last = await staff.DeleteAsync($"/merchants/{merchant}/staff/{registrant}", Ct);

        Assert.Equal(merchant, Assert.Single(await app.PublishedAsync<MerchantVerified>(e => e.MerchantId == merchant)).MerchantId);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Single(await app.PublishedAsync<MerchantStaffRemoved>(e => e.MerchantId == merchant && e.AccountId == colleague));
        await last.AssertProblemAsync(HttpStatusCode.Conflict, "last_staff_member");
    }

    [Fact]
    public async Task APartnerSystem_Invites_ThePersonDeclines_AndNoOneJoins_WhileAStreetAdminAddsDirectly()
    {
        var (merchant, _, _) = await app.VerifiedMerchantAsync();
        using var partner = app.WithToken(await app.PartnerTokenAsync(merchant));
        var (person, personClient) = await app.SignInAsync("店员");
        var (other, _) = await app.SignInAsync("店员");
        var (_, communityAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        var invited = await partner.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = person }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(JsonValueKind.Null, invitation.GetProperty("invitedBy").ValueKind);
        var declined = await personClient.PostAsync($"/merchants/{merchant}/staff/invitations/{invitation.GetProperty("id").GetGuid()}/declination", null, Ct);
        Assert.Equal("declined", (await declined.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());

        // Invited again, and the partner system takes it back before the person answers.
        var again = await partner.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = person }, Ct);
        var againId = (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var withdrawn = await partner.DeleteAsync($"/merchants/{merchant}/staff/invitations/{againId}", Ct);
        var withdrawnTwice = await partner.DeleteAsync($"/merchants/{merchant}/staff/invitations/{againId}", Ct);
        var acceptedAfter = await personClient.PostAsync($"/merchants/{merchant}/staff/invitations/{againId}/acceptance", null, Ct);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await withdrawnTwice.AssertProblemAsync(HttpStatusCode.Conflict, "invitation_answered");
        await acceptedAfter.AssertProblemAsync(HttpStatusCode.Conflict, "invitation_answered");
        var byPartner = await partner.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = other }, Ct);
        var byCommunityAdmin = await communityAdmin.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = other }, Ct);
        Assert.Empty(await app.PublishedAsync<MerchantStaffAdded>(e => e.MerchantId == merchant && (e.AccountId == person || e.AccountId == other)));
        await byPartner.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await byCommunityAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");

        using var streetAdmin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);
        var added = await streetAdmin.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = other }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Single(await app.PublishedAsync<MerchantStaffAdded>(e => e.MerchantId == merchant && e.AccountId == other));
    }

    [Fact]
    public async Task AStreetAdmin_SuspendsAVerifiedBusiness_ItsOffersLeave_ItsStaffLoseTheRole_AndReinstatementBringsThemBack()
    {
        var (merchant, registrant, staff) = await app.VerifiedMerchantAsync();
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer());
        var (clientId, secret) = await app.IssuePartnerClientAsync(merchant);
        using var partnerToken = await app.RequestPartnerTokenAsync(clientId, secret);
        using var partner = app.WithToken((await partnerToken.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
        var (_, resident) = await app.SignInAsync();
        var (_, communityAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        using var streetAdmin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);

        var byCommunityAdmin = await communityAdmin.PostAsJsonAsync($"/merchants/{merchant}/suspension", new { reason = "投诉" }, Ct);
        var noReason = await streetAdmin.PostAsJsonAsync($"/merchants/{merchant}/suspension", new { reason = "" }, Ct);
        await byCommunityAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
        await noReason.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Empty(await app.PublishedAsync<MerchantSuspended>(e => e.MerchantId == merchant));

        var suspended = await streetAdmin.PostAsJsonAsync($"/merchants/{merchant}/suspension", new { reason = "多次未兑现优惠" }, Ct);
        var again = await streetAdmin.PostAsJsonAsync($"/merchants/{merchant}/suspension", new { reason = "再次" }, Ct);

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        var body = await suspended.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("suspended", "多次未兑现优惠"), (body.GetProperty("status").GetString(), body.GetProperty("suspensionReason").GetString()));
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_verified");
        Assert.Single(await app.PublishedAsync<MerchantSuspended>(e => e.MerchantId == merchant));
        Assert.Single(await app.PublishedAsync<MerchantStaffRemoved>(e => e.MerchantId == merchant && e.AccountId == registrant));
        Assert.Empty((await resident.GetFromJsonAsync<JsonElement>($"/merchants/offers?merchantId={merchant}", Ct)).GetProperty("items").EnumerateArray());
        var booking = await resident.PostAsJsonAsync($"/merchants/offers/{offer}/bookings", new { }, Ct);
        await booking.AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
        var newOffer = await staff.PostAsJsonAsync($"/merchants/{merchant}/offers", MerchantsApp.Offer(), Ct);
        await newOffer.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_verified");
        var confirmation = await staff.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = "ABCD2345" }, Ct);
        await confirmation.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_verified");
        var removal = await staff.DeleteAsync($"/merchants/{merchant}/staff/{registrant}", Ct);
        await removal.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_verified");
        // Its partner system's token stops working, and it gets no new one while suspended.
        await Eventually.TrueAsync(async () => (await partner.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode == HttpStatusCode.Unauthorized,
            "Merchants refusing the suspended merchant's partner token");
        using var refusedToken = await Eventually.ReturnsAsync(() => app.RequestPartnerTokenAsync(clientId, secret),
            response => !response.IsSuccessStatusCode, "Identity refusing the suspended merchant's client");
        Assert.Equal(HttpStatusCode.BadRequest, refusedToken.StatusCode);

        var reinstated = await streetAdmin.PostAsync($"/merchants/{merchant}/reinstatement", null, Ct);
        var reinstatedAgain = await streetAdmin.PostAsync($"/merchants/{merchant}/reinstatement", null, Ct);

        Assert.Equal("verified", (await reinstated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await reinstatedAgain.AssertProblemAsync(HttpStatusCode.Conflict, "merchant_not_suspended");
        Assert.Single(await app.PublishedAsync<MerchantReinstated>(e => e.MerchantId == merchant));
        Assert.Equal(2, (await app.PublishedAsync<MerchantStaffAdded>(e => e.MerchantId == merchant && e.AccountId == registrant)).Count);
        Assert.Single((await resident.GetFromJsonAsync<JsonElement>($"/merchants/offers?merchantId={merchant}", Ct)).GetProperty("items").EnumerateArray());
        // Its partner system gets tokens again, which work (one minted within the suspension's cut-off
        // second is refused like the old ones: a partner asks again on 401, as here).
        await Eventually.TrueAsync(async () =>
        {
            using var answer = await app.RequestPartnerTokenAsync(clientId, secret);
            if (!answer.IsSuccessStatusCode)
            {
                return false;
            }

            using var reinstatedPartner = app.WithToken((await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
            return (await reinstatedPartner.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode == HttpStatusCode.OK;
        }, "The reinstated merchant's partner system acting again");
    }

    [Fact]
    public async Task RotatingAPartnerSecret_StopsTheOldSecretAndItsTokens_AndTheNewSecretsTokenWorksAtOnce()
    {
        var (merchant, _, _) = await app.VerifiedMerchantAsync();
        var (clientId, oldSecret) = await app.IssuePartnerClientAsync(merchant);
        using var oldAnswer = await app.RequestPartnerTokenAsync(clientId, oldSecret);
        using var old = app.WithToken((await oldAnswer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode);

        var (_, newSecret) = await app.IssuePartnerClientAsync(merchant);
        using var newAnswer = await app.RequestPartnerTokenAsync(clientId, newSecret);
        using var renewed = app.WithToken((await newAnswer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
        using var withOldSecret = await app.RequestPartnerTokenAsync(clientId, oldSecret);

        Assert.False(withOldSecret.IsSuccessStatusCode);
        await Eventually.TrueAsync(async () => (await old.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode == HttpStatusCode.Unauthorized,
            "Merchants refusing the token got with the old secret");
        // Asked for right after the rotation answered: minted after the cut-off, so it works.
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode);
    }

    [Fact]
    public async Task ARevokedPartnerClient_GetsNoToken_AndTheTokenItHasStopsWorking()
    {
        var (merchant, _, _) = await app.VerifiedMerchantAsync();
        var (clientId, secret) = await app.IssuePartnerClientAsync(merchant);
        using var tokenAnswer = await app.RequestPartnerTokenAsync(clientId, secret);
        using var partner = app.WithToken((await tokenAnswer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode);
        var (_, residentAtIdentity) = await app.Identity.SignedInAsync();
        using var streetAdmin = await app.Identity.StreetAdminClientAsync();

        var byOther = await residentAtIdentity.DeleteAsync($"/identity/merchants/{merchant}/partner-client", Ct);
        await byOther.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode);

        var revoked = await streetAdmin.DeleteAsync($"/identity/merchants/{merchant}/partner-client", Ct);
        var twice = await streetAdmin.DeleteAsync($"/identity/merchants/{merchant}/partner-client", Ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await twice.AssertProblemAsync(HttpStatusCode.NotFound, "partner_client_not_found");
        using var noToken = await app.RequestPartnerTokenAsync(clientId, secret);
        Assert.False(noToken.IsSuccessStatusCode);
        await Eventually.TrueAsync(async () => (await partner.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode == HttpStatusCode.Unauthorized,
            "Merchants refusing the revoked client's token");
        var refused = await partner.GetAsync($"/merchants/{merchant}/staff", Ct);
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        // A new client for the merchant works again, at once.
        using var renewed = app.WithToken(await app.PartnerTokenAsync(merchant));
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync($"/merchants/{merchant}/staff", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheContactMobile_IsShownToStaff_AndMaskedToOthers()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync();
        var (_, resident) = await app.SignInAsync();

        var own = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}", Ct);
        var other = await resident.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}", Ct);

        Assert.Equal("13912340000", own.GetProperty("contactMobile").GetString());
        Assert.Equal("139****0000", other.GetProperty("contactMobile").GetString());
        Assert.Equal("万达广场3楼", other.GetProperty("address").GetString());
    }

    [Fact]
    public async Task IsVerifiedForKind_AnswersForNeeds_AndRefusesOtherServices()
    {
        var (verified, _, _) = await app.VerifiedMerchantAsync("泉韵家电维修", "quanyun", "appliance_repair");
        var (_, registrant) = await app.SignInAsync();
        var pending = await MerchantsApp.RegisterAsync(registrant, "新塘理发店", "xintang", "haircut");
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new MerchantsService.MerchantsServiceClient(channel);
        var needs = await app.AsServiceAsync("needs");
        Task<IsVerifiedForKindReply> Ask(Guid merchant, string kind, Metadata headers) =>
            grpc.IsVerifiedForKindAsync(new IsVerifiedForKindRequest { MerchantId = merchant.ToString(), KindId = kind }, headers, DateTime.UtcNow.AddSeconds(10), Ct).ResponseAsync;

        var inTrade = await Ask(verified, "appliance_repair", needs);
        var outside = await Ask(verified, "haircut", needs);
        var notYet = await Ask(pending, "haircut", needs);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Ask(Guid.CreateVersion7(), "haircut", needs));
        var byPoints = await Assert.ThrowsAsync<RpcException>(async () => await Ask(verified, "appliance_repair", await app.AsServiceAsync("points")));

        Assert.Equal((true, true), (inTrade.Verified, inTrade.KindInTrade));
        Assert.Equal((true, false), (outside.Verified, outside.KindInTrade));
        Assert.Equal((false, true), (notYet.Verified, notYet.KindInTrade));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, byPoints.StatusCode);
    }

    [Fact]
    public async Task GetStaffAndGetOffer_AnswerNotifications_ForAVerifiedMerchantOnly_AndRefuseOtherServices()
    {
        var (verified, registrant, staff) = await app.VerifiedMerchantAsync();
        var offer = await MerchantsApp.PublishAsync(staff, merchant: verified, MerchantsApp.Offer());
        var (_, other) = await app.SignInAsync();
        var pending = await MerchantsApp.RegisterAsync(other, "新塘理发店", "xintang", "haircut");
        using var channel = app.Host.CreateGrpcChannel();
        var grpc = new MerchantsService.MerchantsServiceClient(channel);
        var notifications = await app.AsServiceAsync("notifications");
        var deadline = DateTime.UtcNow.AddSeconds(10);

        var ofVerified = await grpc.GetStaffAsync(new GetStaffRequest { MerchantId = verified.ToString() }, notifications, deadline, Ct);
        var ofPending = await grpc.GetStaffAsync(new GetStaffRequest { MerchantId = pending.ToString() }, notifications, deadline, Ct);
        var ofUnknown = await grpc.GetStaffAsync(new GetStaffRequest { MerchantId = Guid.CreateVersion7().ToString() }, notifications, deadline, Ct);
        var read = await grpc.GetOfferAsync(new GetOfferRequest { OfferId = offer.ToString() }, notifications, deadline, Ct);
        var unknownOffer = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.GetOfferAsync(new GetOfferRequest { OfferId = Guid.CreateVersion7().ToString() }, notifications, deadline, Ct));
        var byNeeds = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.GetStaffAsync(new GetStaffRequest { MerchantId = verified.ToString() }, await app.AsServiceAsync("needs"), deadline, Ct));

        Assert.Equal([registrant.ToString()], ofVerified.AccountIds);
        Assert.Empty(ofPending.AccountIds);
        Assert.Empty(ofUnknown.AccountIds);
        Assert.Equal((offer.ToString(), verified.ToString(), "老年人每月免费保龄球一局"), (read.OfferId, read.MerchantId, read.Title));
        Assert.Equal(StatusCode.NotFound, unknownOffer.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, byNeeds.StatusCode);
    }
}
