using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Webhooks;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>A merchant's staff register a webhook; its events arrive signed at the partner's endpoint, retried after a failure, and logged.</summary>
public sealed class WebhookTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABooking_ArrivesSigned_AndAfterA500_IsRetriedUnderTheSameDeliveryId_AndDeliveredOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);
        var offer = app.Merchants.AddOffer(merchant);
        var (hook, secret) = await RegisterAsync(staff, merchant, receiver.Url);
        var booked = new OfferBooked(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), offer, merchant, Guid.CreateVersion7());

        // Published twice, as a redelivery would: one delivery.
        await app.PublishAsync(booked, consumers: 2);
        await app.PublishAsync(booked, consumers: 2);
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Received.IsEmpty), "the first attempt");
        var failed = await Eventually.FoundAsync(() => DeliveryAsync(staff, hook, d => d.GetProperty("attempts").GetInt32() == 1), "the first attempt's log");
        Assert.Equal(500, failed.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("deliveredAt").ValueKind);
        var next = failed.GetProperty("nextAttemptAt").GetDateTimeOffset();
        Assert.InRange(next - failed.GetProperty("lastAttemptAt").GetDateTimeOffset(), TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(61));

        // The retry's time comes: bring it forward rather than wait a minute.
        var deliveryId = failed.GetProperty("id").GetGuid();
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(1, await db.Set<DueWorkItem>().Where(d => d.Kind == WebhookDeliveryHandler.KindName && d.Key == deliveryId.ToString())
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, app.Clock.GetUtcNow().AddSeconds(-1)), Ct));
        }

        var delivered = await Eventually.FoundAsync(() => DeliveryAsync(staff, hook, d => d.GetProperty("deliveredAt").ValueKind != JsonValueKind.Null), "the retry");
        Assert.Equal((2, 200), (delivered.GetProperty("attempts").GetInt32(), delivered.GetProperty("lastStatusCode").GetInt32()));
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal("offer.booked", delivered.GetProperty("event").GetString());

        var attempts = receiver.Received.ToList();
        Assert.Equal([500, 200], attempts.Select(a => a.Answered));
        Assert.All(attempts, a =>
        {
            Assert.Equal(deliveryId.ToString(), a.Delivery);
            Assert.Equal("offer.booked", a.Event);
            Assert.StartsWith("application/json", a.ContentType, StringComparison.Ordinal);
            Assert.True(WebhookReceiver.SignatureIsValid(a, secret), $"The signature {a.Signature} does not verify.");
            Assert.False(WebhookReceiver.SignatureIsValid(a, secret + "x"));
        });
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        using var body = JsonDocument.Parse(attempts[0].Body);
        Assert.Equal(deliveryId, body.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("offer.booked", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(booked.OccurredAt, body.RootElement.GetProperty("occurredAt").GetDateTimeOffset());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal((booked.BookingId, offer, merchant), (data.GetProperty("bookingId").GetGuid(), data.GetProperty("offerId").GetGuid(), data.GetProperty("merchantId").GetGuid()));
        // Ids of the business only: the resident is not told to the partner.
        Assert.False(data.TryGetProperty("residentId", out _));
    }

    [Fact]
    public async Task AWebhook_TakesOnlyTheEventsItNamed_AndNotAnotherMerchants()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);
        var other = app.Merchants.AddMerchant(Guid.CreateVersion7());
        var offer = app.Merchants.AddOffer(merchant);
        var (hook, _) = await RegisterAsync(staff, merchant, receiver.Url, WebhookEvents.RedemptionToConfirm);
        var redemption = Guid.CreateVersion7();
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(30);

        await app.PublishAsync(new OfferBooked(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), offer, merchant, Guid.CreateVersion7()), consumers: 2);
        await app.PublishAsync(new OfferRedeemed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), offer, other, Guid.CreateVersion7(), 50, expiresAt), consumers: 2);
        await app.PublishAsync(new OfferRedeemed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, redemption, offer, merchant, Guid.CreateVersion7(), 50, expiresAt), consumers: 2);

        var log = await Eventually.ReturnsAsync(() => DeliveriesAsync(staff, hook), d => d.Count == 1 && d[0].GetProperty("deliveredAt").ValueKind != JsonValueKind.Null, "one delivery");
        Assert.Equal("redemption.to_confirm", log[0].GetProperty("event").GetString());
        var received = Assert.Single(receiver.Received);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(redemption, body.RootElement.GetProperty("data").GetProperty("redemptionId").GetGuid());
        Assert.Equal(expiresAt, body.RootElement.GetProperty("data").GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task SomeoneNotOnTheStaff_FindsNoSuchMerchant_AndRegistersNothing()
    {
        var merchant = app.Merchants.AddMerchant(Guid.CreateVersion7());
        var stranger = app.As(Guid.CreateVersion7());

        using var response = await stranger.PostAsJsonAsync("/notifications/webhooks", new { merchantId = merchant, url = "https://partner.example/hooks" }, Ct);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");
        using var list = await stranger.GetAsync($"/notifications/webhooks?merchantId={merchant}", Ct);
        await list.AssertProblemAsync(HttpStatusCode.NotFound, "merchant_not_found");

        await using var db = app.CreateDbContext();
        Assert.False(await db.WebhookSubscriptions.AnyAsync(s => s.MerchantId == merchant, Ct));
    }

    [Fact]
    public async Task AnotherMerchantsStaff_FindNoSuchWebhook()
    {
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);
        var (hook, _) = await RegisterAsync(staff, merchant, "http://127.0.0.1:9/hooks");
        var otherStaff = app.As(Guid.CreateVersion7());

        using var deleted = await otherStaff.DeleteAsync($"/notifications/webhooks/{hook}", Ct);
        await deleted.AssertProblemAsync(HttpStatusCode.NotFound, "webhook_not_found");
        using var rotated = await otherStaff.PostAsync($"/notifications/webhooks/{hook}/secret", null, Ct);
        await rotated.AssertProblemAsync(HttpStatusCode.NotFound, "webhook_not_found");
        using var log = await otherStaff.GetAsync($"/notifications/webhooks/{hook}/deliveries", Ct);
        await log.AssertProblemAsync(HttpStatusCode.NotFound, "webhook_not_found");

        await using var db = app.CreateDbContext();
        Assert.True(await db.WebhookSubscriptions.AnyAsync(s => s.Id == hook, Ct));
    }

    [Theory]
    [InlineData("http://partner.example/hooks", "webhook_url_not_https")]
    [InlineData("ftp://partner.example/hooks", "webhook_url_not_https")]
    [InlineData("https://user:pass@partner.example/hooks", "webhook_url_not_https")]
    [InlineData("https://10.1.2.3/hooks", "webhook_url_not_public")]
    [InlineData("https://169.254.169.254/latest/meta-data", "webhook_url_not_public")]
    [InlineData("https://192.168.0.10/hooks", "webhook_url_not_public")]
    [InlineData("https://[fd00::1]/hooks", "webhook_url_not_public")]
    [InlineData("https://no-such-host.invalid/hooks", "webhook_url_not_public")]
    public async Task AUrlThatIsNotPublicHttps_Is400_WithItsCode(string url, string code)
    {
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);

        using var response = await app.As(staff).PostAsJsonAsync("/notifications/webhooks", new { merchantId = merchant, url }, Ct);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        await using var db = app.CreateDbContext();
        Assert.False(await db.WebhookSubscriptions.AnyAsync(s => s.MerchantId == merchant, Ct));
    }

    [Fact]
    public async Task Staff_ListRotateAndDelete_AndTheSecretIsNeverListedNorKeptPlain()
    {
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);
        var (hook, secret) = await RegisterAsync(staff, merchant, "http://127.0.0.1:9/hooks", WebhookEvents.OfferBooked, WebhookEvents.CodeExpired);
        var client = app.As(staff);

        var listed = await client.GetFromJsonAsync<JsonElement>($"/notifications/webhooks?merchantId={merchant}", Ct);
        var item = Assert.Single(listed.EnumerateArray());
        Assert.Equal(hook, item.GetProperty("id").GetGuid());
        Assert.Equal(["offer.booked", "redemption.code_expired"], item.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(item.TryGetProperty("secret", out _));
        await using (var db = app.CreateDbContext())
        {
            Assert.DoesNotContain(secret, (await db.WebhookSubscriptions.SingleAsync(s => s.Id == hook, Ct)).ProtectedSecret, StringComparison.Ordinal);
        }

        using var rotated = await client.PostAsync($"/notifications/webhooks/{hook}/secret", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString();
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(secret, newSecret);

        using var deleted = await client.DeleteAsync($"/notifications/webhooks/{hook}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/notifications/webhooks?merchantId={merchant}", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task AnUnknownEventName_IsAFieldError()
    {
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);

        using var response = await app.As(staff).PostAsJsonAsync("/notifications/webhooks",
            new { merchantId = merchant, url = "https://partner.example/hooks", events = new[] { "offer.eaten" } }, Ct);
        await response.AssertFieldErrorAsync("events", "unknown_value");
    }

    private async Task<(Guid Id, string Secret)> RegisterAsync(Guid staff, Guid merchant, string url, params string[] events)
    {
        using var response = await app.As(staff).PostAsJsonAsync("/notifications/webhooks",
            new { merchantId = merchant, url, events = events.Length == 0 ? null : events }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registered = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"/notifications/webhooks/{registered.GetProperty("id").GetGuid()}", response.Headers.Location?.ToString());
        return (registered.GetProperty("id").GetGuid(), registered.GetProperty("secret").GetString()!);
    }

    private async Task<List<JsonElement>> DeliveriesAsync(Guid staff, Guid hook)
    {
        var page = await app.As(staff).GetFromJsonAsync<JsonElement>($"/notifications/webhooks/{hook}/deliveries", Ct);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private async Task<JsonElement?> DeliveryAsync(Guid staff, Guid hook, Func<JsonElement, bool> match) =>
        (await DeliveriesAsync(staff, hook)).Where(match).Cast<JsonElement?>().FirstOrDefault();
}
