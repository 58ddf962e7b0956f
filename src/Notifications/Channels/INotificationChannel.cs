namespace Alliance.Notifications.Channels;

/// <summary>The outside channels' names, as preferences, deliveries and <c>dev/sent</c> name them.</summary>
internal static class ChannelNames
{
    public const string Sms = "sms";
    public const string WeChat = "wechat";
}

/// <summary>
/// Where a person can be reached outside the app, asked at send time: the mobile from Identity's
/// <c>GetContact</c>; a WeChat openid from nowhere yet (Identity keeps none), so it is always null today.
/// </summary>
internal sealed record PersonContact(string? Mobile, string? WeChatOpenId);

/// <summary>One notification, rendered, on its way to one address (a mobile, an openid) of one channel.</summary>
internal sealed record ChannelMessage(Guid NotificationId, Guid RecipientId, string To, string Kind, string Title, string Body)
{
    /// <summary>The text a plain channel (SMS) carries.</summary>
    public string Text => $"{Title}：{Body}";
}

/// <summary>
/// A way to reach a person outside the app (SMS, WeChat). Chosen by configuration
/// (<c>Notifications:Channels:&lt;Name&gt;:Kind</c>); an adapter throws when its provider did not take
/// the message, and the delivery is tried again later (<see cref="ChannelDelivery"/>).
/// </summary>
internal interface INotificationChannel
{
    /// <summary>One of <see cref="ChannelNames"/>.</summary>
    string Name { get; }

    /// <summary>The person's address on this channel, or null when it cannot reach them.</summary>
    string? AddressOf(PersonContact contact);

    Task SendAsync(ChannelMessage message, CancellationToken ct);
}

/// <summary>The provider did not take the message. Its text never holds a mobile, an openid or a code.</summary>
internal sealed class ChannelFailedException(string message, Exception? inner = null) : Exception(message, inner);
