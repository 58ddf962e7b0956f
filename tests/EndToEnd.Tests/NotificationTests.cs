using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Issue 28 through the gateway, on the whole system: who hears what, in the app.</summary>
public sealed class NotificationTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClaim_ReachesTheResidentsInboxAndTheirSms_AndAClaimNotAnsweredInTime_TheCellsGridWorker()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (_, residentMobile, resident) = await people.NewAsync("陈秀英");
        var (_, volunteer) = await people.VerifiedVolunteerAsync(streetAdmin, "何师傅", "wanda");
        var (workerId, workerMobile, _) = await people.NewAsync("网格员小刘");
        await People.OkAsync(streetAdmin.PostAsJsonAsync($"/api/identity/accounts/{workerId}/roles", new { role = "grid-worker", gridIds = new[] { "xintang-01" } }, Ct));
        using var worker = await people.WithRoleAsync(workerMobile, "grid-worker");

        // Quiet hours (22:00 to 07:00 in Shanghai) would hold her SMS till morning: she wants hers at any hour.
        await People.OkAsync(resident.PutAsJsonAsync("/api/notifications/preferences",
            new { sms = true, wechat = true, mutedKinds = Array.Empty<string>(), quietHours = false }, Ct));

        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("楼道灯不亮了", "appliance_repair", helpers: 1), Ct));
        await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct));

        var claimed = await NoticeAsync(resident, "needClaimed", need);
        Assert.Equal("何师傅认领了您的需求“楼道灯不亮了”，请确认接受或婉拒。", claimed.GetProperty("body").GetString());
        // The AppHost sends SMS to the development channel: the same notice went to the resident's mobile.
        var sms = await People.EventuallyAsync(async () =>
        {
            var sent = await resident.GetFromJsonAsync<JsonElement>($"/api/notifications/dev/sent?to={residentMobile}", Ct);
            return sent.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("text").GetString()!.Contains("楼道灯不亮了", StringComparison.Ordinal));
        }, "the claim's SMS in the development channel");
        Assert.Equal("sms", sms.GetProperty("channel").GetString());

        // The resident does not answer: the claim's escalation is brought to now, as a day's wait would.
        await using (var needs = new NpgsqlConnection(system.EnvironmentVariable("needs", "ConnectionStrings__needsdb")))
        {
            await needs.OpenAsync(Ct);
            await using var due = new NpgsqlCommand("UPDATE due_work SET due_at = now() WHERE kind = 'need-claim-escalation' AND key LIKE @need", needs);
            due.Parameters.AddWithValue("need", $"{need}:%");
            Assert.Equal(1, await due.ExecuteNonQueryAsync(Ct));
        }

        var escalated = await NoticeAsync(worker, "claimEscalated", need);
        Assert.Equal("何师傅认领了“楼道灯不亮了”，居民未在时限内回应，请协助处理。", escalated.GetProperty("body").GetString());
    }

    [Fact]
    public async Task APartnersWebhook_GetsABookingSigned_AndAfterA500_TheSameDeliveryAgain()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (merchant, staff) = await people.VerifiedMerchantAsync(streetAdmin);
        var (_, _, resident) = await people.NewAsync("钱阿姨");
        await using var receiver = await WebhookReceiver.StartAsync(500);

        using var registered = await staff.PostAsJsonAsync("/api/notifications/webhooks", new { merchantId = merchant, url = receiver.Url }, Ct);
        var webhook = await registered.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(registered.IsSuccessStatusCode, webhook.ToString());
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var offer = await People.IdOfAsync(await staff.PostAsJsonAsync($"/api/merchants/{merchant}/offers", new
        {
            title = "老人免费理发",
            description = "每月一次，凭预约到店",
            kind = "publicBenefit",
            validFrom = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            validUntil = today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            quota = 10,
            quotaPeriod = "month",
        }, Ct));
        await People.OkAsync(resident.PostAsJsonAsync($"/api/merchants/offers/{offer}/bookings", new { }, Ct));

        // The booking makes more than one delivery (the booking, the redemption to confirm), in either
        // order: the first to arrive meets the 500, and its retry (a minute later on the schedule) is
        // brought to now.
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Received.IsEmpty), "the first attempt", TimeSpan.FromSeconds(60));
        var first = receiver.Received.First();

        // The first delivery as the staff's delivery log shows it, once it shows what is asked.
        Task<JsonElement> LoggedAsync(Func<JsonElement, bool> when, string what) => People.EventuallyAsync(async () =>
            (await staff.GetFromJsonAsync<JsonElement>($"/api/notifications/webhooks/{webhook.GetProperty("id").GetGuid()}/deliveries", Ct))
                .GetProperty("items").EnumerateArray().FirstOrDefault(d => d.GetProperty("id").GetGuid() == Guid.Parse(first.Delivery!) && when(d)),
            what);

        // Once the service has booked the 500 and scheduled the retry (a moment after the receiver saw
        // the attempt), that retry, and only it, is brought to now: a delivery in flight is left alone.
        var failed = await LoggedAsync(d => d.GetProperty("attempts").GetInt32() >= 1, "the first attempt's 500 booked");
        Assert.Equal((1, 500, JsonValueKind.String),
            (failed.GetProperty("attempts").GetInt32(), failed.GetProperty("lastStatusCode").GetInt32(), failed.GetProperty("nextAttemptAt").ValueKind));
        await using (var notifications = new NpgsqlConnection(system.EnvironmentVariable("notifications", "ConnectionStrings__notificationsdb")))
        {
            await notifications.OpenAsync(Ct);
            await using var due = new NpgsqlCommand("UPDATE due_work SET due_at = now() WHERE kind = 'webhook-delivery' AND key = $1", notifications)
            {
                Parameters = { new() { Value = first.Delivery } },
            };
            Assert.Equal(1, await due.ExecuteNonQueryAsync(Ct));
        }

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Received.Count(a => a.Delivery == first.Delivery) >= 2), "the retry", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Received.Any(a => a.Event == "offer.booked" && a.Answered == 200)), "the booking delivered", TimeSpan.FromSeconds(60));
        var attempts = receiver.Received.ToList();
        Assert.Equal([500, 200], attempts.Where(a => a.Delivery == first.Delivery).Select(a => a.Answered).Take(2));
        Assert.All(attempts, a => Assert.True(WebhookReceiver.SignatureIsValid(a, webhook.GetProperty("secret").GetString()!), "signed with the secret"));
        var log = await LoggedAsync(d => d.GetProperty("deliveredAt").ValueKind == JsonValueKind.String, "the retried delivery logged as delivered");
        Assert.Equal(2, log.GetProperty("attempts").GetInt32());
        Assert.Equal(first.Event, log.GetProperty("event").GetString());
    }

    /// <summary>The person's notification of this kind about this need, once it has come (events take a moment).</summary>
    private static Task<JsonElement> NoticeAsync(HttpClient person, string kind, Guid need) =>
        People.EventuallyAsync(async () =>
        {
            var page = await person.GetFromJsonAsync<JsonElement>("/api/notifications?limit=100", Ct);
            return page.GetProperty("items").EnumerateArray()
                .FirstOrDefault(i => i.GetProperty("kind").GetString() == kind && i.GetProperty("needId").ValueKind == JsonValueKind.String && i.GetProperty("needId").GetGuid() == need);
        }, $"{kind} about {need}");
}
