using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>The street's whole round on the deployed stack, every step through the gateway's published port.</summary>
public sealed class WholeRoundTests(DeployedSystem stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AResidentsNeed_BecomesCertifiedHoursAndPoints_ThatAMerchantsRewardTakes()
    {
        var took = Stopwatch.StartNew();
        var street = new Street(stack);
        using var admin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("冯秀英");
        var (volunteerId, volunteer) = await street.People.VerifiedVolunteerAsync(admin, "张建华");

        var need = await Street.DoneNeedAsync(resident, volunteer, volunteerId, "帮忙给老人读报、聊天");
        await Street.ConfirmAsync(resident, need);
        Assert.Equal((1, 1, 0, 0), await Street.EffectsAsync(volunteer, volunteerId, [need], TimeSpan.FromMinutes(2)));
        Assert.Equal((Street.PointsPerConfirmedNeed, 0L), await Street.BalanceAsync(volunteer, volunteerId));

        // A business registers, the street admin verifies it, its registrant becomes its staff and publishes a reward.
        var (merchant, staffMember) = await street.People.VerifiedMerchantAsync(admin);
        using var staff = staffMember;
        var offer = await People.IdOfAsync(await staff.PostAsJsonAsync($"/api/merchants/{merchant}/offers", People.PointsReward(5, quota: 20), Ct));

        // The volunteer redeems it; the staff confirm the code at the counter.
        var redeemed = await volunteer.PostAsJsonAsync($"/api/merchants/offers/{offer}/redemptions", new { }, Ct);
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        var code = (await redeemed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString();
        await People.OkAsync(staff.PostAsJsonAsync($"/api/merchants/{merchant}/redemptions/confirmation", new { code }, Ct));
        Assert.Equal((Street.PointsPerConfirmedNeed - 5, 0L), await Street.BalanceAsync(volunteer, volunteerId));
        Assert.Equal(19, (await staff.GetFromJsonAsync<JsonElement>($"/api/merchants/offers/{offer}", Ct)).GetProperty("quotaLeft").GetInt32());
        DeployReport.Add($"A whole round (sign up, register, verify, post, claim, accept, complete, confirm, credit, redeem, confirm the code): {took.Elapsed.TotalSeconds:F0} s");
    }
}
