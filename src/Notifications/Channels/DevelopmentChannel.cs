using Alliance.Notifications.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Notifications.Channels;

/// <summary>What a development channel would have sent (table <c>dev_sent</c>), read back at <c>GET /notifications/dev/sent</c>.</summary>
internal sealed class DevSent
{
    public Guid Id { get; init; }

    /// <summary>The person it was for, so their erasure removes it.</summary>
    public Guid RecipientId { get; init; }

    /// <summary>The address: a mobile for SMS, an openid for WeChat.</summary>
    public string To { get; init; } = "";

    public string Channel { get; init; } = "";

    public string Text { get; init; } = "";

    public DateTimeOffset At { get; init; }
}

/// <summary>
/// A channel that sends nothing and stores what it would have sent, for <c>./alliance up</c> and the
/// end-to-end tests. It stands where a provider would, so it commits on its own: a later channel's
/// failure rolls back the delivery's transaction, not what was "sent".
/// </summary>
internal sealed class DevelopmentChannel(string name, IServiceScopeFactory scopes, TimeProvider time) : INotificationChannel
{
    public string Name => name;

    public string? AddressOf(PersonContact contact) => name == ChannelNames.Sms ? contact.Mobile : contact.WeChatOpenId;

    public async Task SendAsync(ChannelMessage message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = time.GetUtcNow();
        db.DevSent.Add(new DevSent
        {
            Id = Guid.CreateVersion7(now),
            RecipientId = message.RecipientId,
            To = message.To,
            Channel = name,
            Text = message.Text,
            At = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
