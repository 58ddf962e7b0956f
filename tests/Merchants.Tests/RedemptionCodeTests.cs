using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Merchants.Redemptions;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>
/// A redemption code belongs to the volunteer (issue 20): they see it in full; the merchant's staff and
/// its partner system see it masked (K7****XA) in every list and single read; the counter confirms the
/// full code the volunteer presents, and nothing else.
/// </summary>
public sealed class RedemptionCodeTests(MerchantsWithPointsApp app) : IClassFixture<MerchantsWithPointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheVolunteerSeesTheCodeInFull_TheStaffAndThePartnerSystemOnlyMasked_InListsAndSingleReads()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("老街坊理发店", "jingxing", "haircut");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: 10));
        var (_, volunteer) = await app.VolunteerWithAsync(50);
        using var partner = app.WithToken(await app.PartnerTokenAsync(merchant));
        var redeemed = await volunteer.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct);
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        var code = (await redeemed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
        var single = redeemed.Headers.Location!.OriginalString;
        var masked = $"{code[..2]}****{code[^2..]}";

        Assert.Equal(code, Assert.Single((await volunteer.GetFromJsonAsync<JsonElement>("/merchants/redemptions/mine", Ct)).GetProperty("items").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(code, (await volunteer.GetFromJsonAsync<JsonElement>(single, Ct)).GetProperty("code").GetString());
        foreach (var counter in new[] { staff, partner })
        {
            var list = await counter.GetStringAsync($"/merchants/{merchant}/redemptions", Ct);
            var listed = Assert.Single(JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(masked, listed.GetProperty("code").GetString());
            var issuedOnly = await counter.GetStringAsync($"/merchants/{merchant}/redemptions?status=issued", Ct);
            var read = await counter.GetStringAsync(single, Ct);
            Assert.Equal(masked, JsonDocument.Parse(read).RootElement.GetProperty("code").GetString());
            foreach (var answer in new[] { list, issuedOnly, read })
            {
                Assert.DoesNotContain(code, answer, StringComparison.OrdinalIgnoreCase);
            }
        }

        var (_, _, otherStaff) = await app.VerifiedMerchantAsync("平江理发店", "wanda", "haircut");
        var (_, stranger) = await app.SignInAsync();
        await (await otherStaff.GetAsync(single, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, RedemptionsApi.RedemptionNotFound);
        await (await stranger.GetAsync(single, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, RedemptionsApi.RedemptionNotFound);
    }

    [Fact]
    public async Task TheCounterConfirmsOnlyTheFullCodeTheVolunteerPresents_AMaskedOneChangesNothing()
    {
        var (merchant, _, staff) = await app.VerifiedMerchantAsync("巧手裁缝铺", "xintang", "housekeeping");
        var offer = await MerchantsApp.PublishAsync(staff, merchant, MerchantsApp.Offer("pointsReward", pointsCost: 10));
        var (volunteerId, volunteer) = await app.VolunteerWithAsync(50);
        using var partner = app.WithToken(await app.PartnerTokenAsync(merchant));
        var redeemed = await (await volunteer.PostAsJsonAsync($"/merchants/offers/{offer}/redemptions", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = redeemed.GetProperty("code").GetString()!;
        var id = redeemed.GetProperty("id").GetGuid();
        // What a list at the counter shows is never a code the counter can spend.
        var masked = Assert.Single((await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions", Ct)).GetProperty("items").EnumerateArray())
            .GetProperty("code").GetString()!;
        var before = await DatabaseFingerprint.TakeAsync(app.DatabaseConnectionString);

        foreach (var counter in new[] { staff, partner })
        {
            var refused = await (await counter.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = masked }, Ct))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal("code_format", refused.GetProperty("errors").GetProperty("code")[0].GetString());
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app.DatabaseConnectionString));
        Assert.Equal((40L, 10L), await app.Points.BalanceAsync(volunteerId));

        var confirmed = await partner.PostAsJsonAsync($"/merchants/{merchant}/redemptions/confirmation", new { code = code.ToLowerInvariant() }, Ct);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var answer = await confirmed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("confirmed", code), (answer.GetProperty("status").GetString(), answer.GetProperty("code").GetString()));
        Assert.Equal((40L, 0L), await app.Points.BalanceAsync(volunteerId));
        var listed = Assert.Single((await staff.GetFromJsonAsync<JsonElement>($"/merchants/{merchant}/redemptions?status=confirmed", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(masked, listed.GetProperty("code").GetString());
        await using var db = app.CreateDbContext();
        Assert.Equal(RedemptionStatus.Confirmed, (await db.Redemptions.SingleAsync(r => r.Id == id, Ct)).Status);
    }
}
