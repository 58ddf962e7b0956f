using Alliance.Contracts.Merchants;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;

namespace Alliance.Notifications.Notices;

/// <summary>
/// Tells every staff member of the merchant of a booking, of a redemption code waiting for them to
/// confirm (and until when), and of a code that expired unconfirmed. Through the inbox, so a
/// redelivered event notifies once. The person who booked or redeemed is not named: the counter
/// sees them in Merchants' own lists.
/// </summary>
internal sealed class MerchantNoticesConsumer(Inbox<NotificationsDbContext> inbox, MerchantFacts facts, Notifier notifier)
    : IConsumer<OfferBooked>, IConsumer<OfferRedeemed>, IConsumer<RedemptionExpired>
{
    public Task Consume(ConsumeContext<OfferBooked> context)
    {
        var m = context.Message;
        return NotifyAsync(context, NoticeKinds.OfferBooked, m.MerchantId, m.OfferId, new NoticeFacts(SubjectTypes.Offer, m.OfferId) { At = m.OccurredAt });
    }

    public Task Consume(ConsumeContext<OfferRedeemed> context)
    {
        var m = context.Message;
        return NotifyAsync(context, NoticeKinds.RedemptionToConfirm, m.MerchantId, m.OfferId, new NoticeFacts(SubjectTypes.Redemption, m.RedemptionId) { At = m.ExpiresAt });
    }

    public Task Consume(ConsumeContext<RedemptionExpired> context)
    {
        var m = context.Message;
        return NotifyAsync(context, NoticeKinds.CodeExpired, m.MerchantId, m.OfferId, new NoticeFacts(SubjectTypes.Redemption, m.RedemptionId) { At = m.OccurredAt });
    }

    private Task<bool> NotifyAsync<T>(ConsumeContext<T> context, string kind, Guid merchantId, Guid offerId, NoticeFacts about)
        where T : class =>
        inbox.HandleOnceAsync(context, nameof(MerchantNoticesConsumer), async ct =>
        {
            var staff = await facts.StaffAsync(merchantId, ct);
            if (staff.Count == 0)
            {
                return;
            }

            var title = await facts.OfferTitleAsync(offerId, ct);
            await notifier.NotifyAsync(kind, about with { Title = title }, staff, ct);
        });
}
