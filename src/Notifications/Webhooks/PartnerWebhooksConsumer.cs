using System.Text.Json;
using Alliance.Contracts.Merchants;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// A merchant's events become deliveries to each of its webhooks that takes them: a delivery row and
/// its first attempt as due work, saved with the inbox entry, so a redelivered event is delivered once.
/// The body carries ids only (a booking, an offer, a redemption): the partner reads the rest from
/// Merchants' API with its own client, and no person's data leaves in a webhook.
/// </summary>
internal sealed class PartnerWebhooksConsumer(Inbox<NotificationsDbContext> inbox, NotificationsDbContext db, TimeProvider time)
    : IConsumer<OfferBooked>, IConsumer<OfferRedeemed>, IConsumer<RedemptionExpired>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task Consume(ConsumeContext<OfferBooked> context)
    {
        var m = context.Message;
        return DeliverAsync(context, m.MerchantId, WebhookEvents.OfferBooked, new { bookingId = m.BookingId, offerId = m.OfferId, merchantId = m.MerchantId });
    }

    public Task Consume(ConsumeContext<OfferRedeemed> context)
    {
        var m = context.Message;
        return DeliverAsync(context, m.MerchantId, WebhookEvents.RedemptionToConfirm,
            new { redemptionId = m.RedemptionId, offerId = m.OfferId, merchantId = m.MerchantId, expiresAt = m.ExpiresAt });
    }

    public Task Consume(ConsumeContext<RedemptionExpired> context)
    {
        var m = context.Message;
        return DeliverAsync(context, m.MerchantId, WebhookEvents.CodeExpired, new { redemptionId = m.RedemptionId, offerId = m.OfferId, merchantId = m.MerchantId });
    }

    private Task<bool> DeliverAsync<T>(ConsumeContext<T> context, Guid merchantId, string type, object data)
        where T : class, Contracts.Events.IIntegrationEvent =>
        inbox.HandleOnceAsync(context, nameof(PartnerWebhooksConsumer), async ct =>
        {
            var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.MerchantId == merchantId).ToListAsync(ct);
            var now = time.GetUtcNow();
            foreach (var subscription in subscriptions.Where(s => s.Takes(type)))
            {
                var id = Guid.CreateVersion7(now);
                var body = JsonSerializer.Serialize(new { id, type, occurredAt = context.Message.OccurredAt, data }, Json);
                db.WebhookDeliveries.Add(WebhookDelivery.Make(id, subscription.Id, context.Message.EventId, type, body, now));
                db.ScheduleDueWork(WebhookDeliveryHandler.KindName, id.ToString(), now);
            }
        });
}
