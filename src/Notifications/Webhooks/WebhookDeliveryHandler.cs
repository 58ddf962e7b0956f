using System.Net.Http.Headers;
using System.Text;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// One attempt of one delivery, as due work keyed by the delivery's id: POSTs the body, signed with the
/// subscription's secret as it is now, and logs the attempt on the delivery. A 2xx delivers it; anything
/// else (another status, a timeout, a refused address) schedules the next attempt by
/// <see cref="WebhookSchedule"/>, or gives it up after the last. A crash after the POST and before the
/// commit sends it again under the same delivery id, which the partner uses to ignore a repeat.
/// </summary>
internal sealed class WebhookDeliveryHandler(
    NotificationsDbContext db,
    IHttpClientFactory clients,
    WebhookSecrets secrets,
    TimeProvider time,
    ILogger<WebhookDeliveryHandler> logger) : IDueWorkHandler
{
    public const string KindName = "webhook-delivery";
    public const string ClientName = "webhooks";

    public string Kind => KindName;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var id = Guid.Parse(item.Key);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct);
        // Gone with its subscription, or settled by an attempt that ran before.
        if (delivery is null || delivery.IsSettled)
        {
            return;
        }

        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstAsync(s => s.Id == delivery.SubscriptionId, ct);
        var (status, error) = await PostAsync(subscription, delivery, ct);
        var now = time.GetUtcNow();
        if (status is >= 200 and < 300)
        {
            delivery.Delivered(status.Value, now);
            logger.LogInformation("Webhook delivery {DeliveryId} ({Type}) delivered on attempt {Attempt}", delivery.Id, delivery.EventType, delivery.Attempts);
            return;
        }

        if (delivery.Failed(status, error ?? $"The endpoint answered {status}.", now) is { } next)
        {
            db.ScheduleDueWork(KindName, item.Key, next);
            logger.LogWarning("Webhook delivery {DeliveryId} ({Type}) attempt {Attempt} failed ({Status}); next at {NextAttemptAt}",
                delivery.Id, delivery.EventType, delivery.Attempts, status, next);
        }
        else
        {
            logger.LogWarning("Webhook delivery {DeliveryId} ({Type}) failed its last attempt ({Status}); given up",
                delivery.Id, delivery.EventType, status);
        }
    }

    private async Task<(int? Status, string? Error)> PostAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-Alliance-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-Alliance-Event", delivery.EventType);
        request.Headers.Add("X-Alliance-Signature", WebhookSecrets.Sign(secrets.Open(subscription.ProtectedSecret), delivery.Body, time.GetUtcNow()));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return ((int)response.StatusCode, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // The partner's URL and its failure are the staff's to read in the delivery log; no person's data is in either.
            return (null, ex is TaskCanceledException ? "The endpoint did not answer in time." : ex.GetBaseException().Message);
        }
    }
}
