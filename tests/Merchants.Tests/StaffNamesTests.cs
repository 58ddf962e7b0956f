using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>A merchant's staff list shows its people by their display names, to its own staff only.</summary>
public sealed class StaffNamesTests(MerchantsApp app) : IClassFixture<MerchantsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStaffList_NamesEachMember_AndANewMemberIsNamedWhenAdded()
    {
        var (merchant, registrant, staff) = await app.VerifiedMerchantAsync();
        var (colleague, _) = await app.Identity.SignUpAsync("王伟");
        using var streetAdmin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);

        var added = await streetAdmin.PostAsJsonAsync($"/merchants/{merchant}/staff", new { accountId = colleague }, Ct);
        var list = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/staff", Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("王伟", (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accountName").GetString());
        Assert.Equal(
            [(registrant, "店主"), (colleague, "王伟")],
            list.EnumerateArray().Select(s => (s.GetProperty("accountId").GetGuid(), s.GetProperty("accountName").GetString())));
    }

    [Fact]
    public async Task AMemberWhoErasedTheirData_IsListedAsDeleted_NeverByTheirOldName()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("城北鞋店");
        var (gone, mobile) = await app.Identity.SignUpAsync("钱旧名");
        using var person = app.WithToken(await app.Identity.LoginAsync(mobile));
        // Invited and accepted, so nothing has looked the name up (and kept it for a minute) before the erasure.
        var invitation = await (await staff.PostAsJsonAsync($"/merchants/{merchant}/staff/invitations", new { accountId = gone }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        (await person.PostAsync($"/merchants/{merchant}/staff/invitations/{invitation.GetProperty("id").GetGuid()}/acceptance", null, Ct)).EnsureSuccessStatusCode();
        var erased = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, gone, "wanda");
        await app.Identity.PublishAsync(erased, erased.EventId);
        await app.Identity.HandledAsync(erased.EventId);

        var list = await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/staff", Ct);

        Assert.Equal("已注销", list.EnumerateArray().Single(s => s.GetProperty("accountId").GetGuid() == gone).GetProperty("accountName").GetString());
        Assert.DoesNotContain("钱旧名", list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherMerchantsStaff_SeeNoNames_ButNotFound()
    {
        var (merchant, _, _) = await app.VerifiedMerchantAsync();
        var (_, _, otherStaff) = await app.VerifiedMerchantAsync("城北茶馆");

        var response = await otherStaff.GetAsync($"/merchants/{merchant}/staff", Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
    }
}
