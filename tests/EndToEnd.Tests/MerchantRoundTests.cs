using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Issue 15's round through the gateway, with real tokens: a confirmed need credits the volunteer's
/// points; a merchant is onboarded and verified, publishes a reward and answers a need in its trade;
/// the volunteer redeems the reward and the staff confirm the code; balance, quota and ledger agree.
/// </summary>
public sealed class MerchantRoundTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVolunteersPoints_BuyAMerchantsReward_AndTheMerchantAnswersANeedInItsTrade()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (_, _, resident) = await people.NewAsync("冯秀英");
        var (volunteerId, volunteer) = await people.VerifiedVolunteerAsync(streetAdmin, "张建华", "wanda");

        // A confirmed need, rated five stars, credits the volunteer: 2 h × 10 × 1.2 = 24 points, and the ledger says why.
        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("帮忙给老人读报、聊天", "companionship", helpers: 1), Ct));
        await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct));
        await People.OkAsync(resident.PostAsync($"/api/needs/{need}/acceptance", null, Ct));
        await People.OkAsync(volunteer.PostAsync($"/api/needs/{need}/start", null, Ct));
        await StoredTimes.MoveNeedBackAsync(await system.DatabaseAsync("needsdb"), need, TimeSpan.FromHours(2));
        await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/completion", new { helpers = new[] { new { volunteerId, hours = 2m, nightHours = 0m } } }, Ct));
        await People.OkAsync(resident.PostAsJsonAsync($"/api/needs/{need}/confirmation", new { rating = 5 }, Ct));
        var credit = await People.EventuallyAsync(async () =>
        {
            var ledger = await volunteer.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{volunteerId}/ledger", Ct);
            return ledger.GetProperty("items").EnumerateArray().FirstOrDefault(e => e.GetProperty("kind").GetString() == "credit");
        }, "The need's points credit");
        Assert.Equal(24, credit.GetProperty("amount").GetInt64());
        Assert.Equal(JsonValueKind.Object, credit.GetProperty("why").ValueKind);

        // A business registers; the street admin verifies it; its registrant becomes its staff.
        var (merchant, staffMember) = await people.VerifiedMerchantAsync(streetAdmin, "other", "home_repair");
        using var staff = staffMember;

        // It publishes a points reward, and answers a need in its trade but not one outside it.
        var offer = await People.IdOfAsync(await staff.PostAsJsonAsync($"/api/merchants/{merchant}/offers", People.PointsReward(10, quota: 20), Ct));
        var hem = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("两条裤子改裤脚", "other", helpers: 1), Ct));
        var haircut = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("上门理发", "haircut", helpers: 1), Ct));
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/needs/{hem}/merchant-claims", new { merchantId = merchant }, Ct)).StatusCode);
        await (await staff.PostAsJsonAsync($"/api/needs/{haircut}/merchant-claims", new { merchantId = merchant }, Ct))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "kind_not_in_trade");
        await People.OkAsync(resident.PostAsync($"/api/needs/{hem}/acceptance", null, Ct));
        Assert.Equal("新塘新村4幢2单元301室", (await staff.GetFromJsonAsync<JsonElement>($"/api/needs/{hem}", Ct)).GetProperty("address").GetString());
        await People.OkAsync(staff.PostAsync($"/api/needs/{hem}/start", null, Ct));
        await People.OkAsync(staff.PostAsJsonAsync($"/api/needs/{hem}/completion", new { note = "两条裤脚已改好" }, Ct));
        await People.OkAsync(resident.PostAsJsonAsync($"/api/needs/{hem}/confirmation", new { rating = 5 }, Ct));

        // The volunteer redeems the reward; the staff confirm the code at the counter.
        var redeemed = await volunteer.PostAsJsonAsync($"/api/merchants/offers/{offer}/redemptions", new { }, Ct);
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        var code = (await redeemed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString();
        await People.OkAsync(staff.PostAsJsonAsync($"/api/merchants/{merchant}/redemptions/confirmation", new { code }, Ct));

        var balance = await volunteer.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{volunteerId}", Ct);
        Assert.Equal((14L, 0L), (balance.GetProperty("available").GetInt64(), balance.GetProperty("reserved").GetInt64()));
        var kinds = (await volunteer.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{volunteerId}/ledger", Ct)).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["commit", "credit", "reserve"], kinds);
        var quota = await staff.GetFromJsonAsync<JsonElement>($"/api/merchants/offers/{offer}", Ct);
        Assert.Equal(19, quota.GetProperty("quotaLeft").GetInt32());

    }
}
