using System.Globalization;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Data;
using Alliance.Notifications.Inbox;
using Alliance.Notifications.Preferences;
using Alliance.ServiceDefaults.People;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Channels;

/// <summary>A notification one channel took (table <c>deliveries</c>): a retry of the delivery does not send it there again.</summary>
internal sealed class Delivery
{
    public Guid NotificationId { get; init; }

    public string Channel { get; init; } = "";

    public DateTimeOffset SentAt { get; init; }
}

/// <summary>
/// Sends one notification to the outside channels, as due work (kind <see cref="DueKind"/>, key the
/// notification's id) that <see cref="Notices.Notifier"/> schedules with the notification: at once, or at
/// 07:00 when it was made in quiet hours. Everything is decided now, when it goes out: the person's
/// preferences, their mobile (Identity's <c>GetContact</c>) and the words (in Chinese: Identity keeps
/// no language setting yet). A channel that fails makes the whole item fail, so due work tries again
/// with back-off; the channels that took it are recorded at once, on their own, so the retry skips them.
/// The in-app copy was saved before and is never touched here.
/// </summary>
internal sealed class ChannelDelivery(
    NotificationsDbContext db,
    IEnumerable<INotificationChannel> channels,
    Contacts contacts,
    DisplayNames names,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ChannelDelivery> logger) : IDueWorkHandler
{
    public const string DueKind = "notification-delivery";

    /// <summary>The language of texts that leave the app, until a person can choose theirs.</summary>
    private static readonly CultureInfo Language = CultureInfo.GetCultureInfo("zh-CN");

    public string Kind => DueKind;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var id = Guid.Parse(item.Key);
        // Gone: the person erased their data since.
        if (await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) is not { } notification)
        {
            return;
        }

        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == notification.RecipientId, ct)
            ?? Preference.Defaults(notification.RecipientId);
        if (preference.MutedKinds.Contains(notification.Kind))
        {
            return;
        }

        var now = time.GetUtcNow();
        if (preference.QuietHours && !notification.Urgent && QuietHours.NextSendable(now) is var sendable && sendable > now)
        {
            // A retry that ran into the night, or quiet hours turned on since: it waits for the morning.
            db.ScheduleDueWork(DueKind, item.Key, sendable);
            return;
        }

        var sent = await db.Deliveries.Where(d => d.NotificationId == id).Select(d => d.Channel).ToListAsync(ct);
        var open = channels.Where(c => preference.Allows(c.Name) && !sent.Contains(c.Name)).ToList();
        if (open.Count == 0 || await contacts.OfAsync(notification.RecipientId, ct) is not { } contact)
        {
            return;
        }

        CultureInfo.CurrentUICulture = Language;
        CultureInfo.CurrentCulture = Language;
        var book = await names.ForAsync(notification.OtherPersonId is { } other ? [other] : [], ct);
        var (title, body) = NoticeTexts.Render(notification, book);

        var failures = new List<string>();
        foreach (var channel in open)
        {
            if (channel.AddressOf(contact) is not { } to)
            {
                continue;
            }

            try
            {
                await channel.SendAsync(new ChannelMessage(id, notification.RecipientId, to, notification.Kind, title, body), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The message names the provider's answer only, never the address.
                logger.LogWarning("Notification {NotificationId} did not go out by {Channel}: {Error}", id, channel.Name, ex.Message);
                failures.Add($"{channel.Name}: {ex.Message}");
                continue;
            }

            await RecordAsync(id, channel.Name, ct);
        }

        if (failures.Count > 0)
        {
            throw new ChannelFailedException($"Notification {id} is to be sent again by {string.Join("; ", failures)}");
        }
    }

    /// <summary>On its own connection: the item's transaction rolls back when another channel failed, and this must stay.</summary>
    private async Task RecordAsync(Guid notification, string channel, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        own.Deliveries.Add(new Delivery { NotificationId = notification, Channel = channel, SentAt = time.GetUtcNow() });
        await own.SaveChangesAsync(ct);
    }
}
