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
    public async Task Verification_PublishesMerchantVerified_AndTheStaffAddAndRemoveStaff_WhichIdentityFollows()
    {
        var (merchant, registrant, staff) = await app.VerifiedMerchantAsync();
        var (colleague, _) = await app.Identity.SignUpAsync("店员");
        var (_, stranger) = await app.SignInAsync();

        var added = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = colleague }, Ct);
        var twice = await staff.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = colleague }, Ct);
        var byStranger = await stranger.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = Guid.CreateVersion7() }, Ct);
        await app.WaitForStaffAsync(colleague, merchant);
        var list = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/staff", Ct);
        var removed = await staff.DeleteAsync($"/merchants/{merchant}/staff/{colleague}", Ct);
        await app.WaitForStaffAsync(colleague, merchant, held: false);
        var last = await staff.DeleteAsync($"/merchants/{merchant}/staff/{registrant}", Ct);

        Assert.Equal(merchant, Assert.Single(await app.PublishedAsync<MerchantVerified>(e => e.MerchantId == merchant)).MerchantId);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "already_staff");
        await byStranger.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
        Assert.Equal([registrant, colleague], list.EnumerateArray().Select(s => s.GetProperty("accountId").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await last.AssertProblemAsync(HttpStatusCode.Conflict, "last_staff_member");
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
}
