namespace Alliance.Notifications.Webhooks;

/// <summary>The <c>type</c> of a webhook's body, as partners filter on it (<c>events</c> at registration).</summary>
internal static class WebhookEvents
{
    public const string OfferBooked = "offer.booked";
    public const string RedemptionToConfirm = "redemption.to_confirm";
    public const string CodeExpired = "redemption.code_expired";

    public static readonly IReadOnlyList<string> All = [OfferBooked, RedemptionToConfirm, CodeExpired];
}
