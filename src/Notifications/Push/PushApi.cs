using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Alliance.Notifications.Data;
using Alliance.Notifications.Inbox;
using Alliance.Notifications.Notices;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Notifications.Push;

/// <summary>
/// The push stream to open apps: Server-Sent Events over a plain GET with the bearer token, read with
/// <c>fetch</c> streaming (EventSource cannot send an Authorization header). One-way, plain HTTP
/// through the gateway's YARP route, no sticky sessions (any replica serves any stream, see
/// <see cref="NotificationListener"/>): SignalR would add a negotiate step, its own protocol and
/// affinity for what is a one-way feed.
/// </summary>
internal static class PushApi
{
    public const string TooManyStreams = "too_many_streams";

    public static void AddPush(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<PushOptions>(builder.Configuration.GetSection(PushOptions.Section));
        builder.Services.AddSingleton<PushHub>();
        builder.Services.AddHostedService<NotificationListener>();
    }

    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notifications/stream", StreamAsync)
            .WithTags("Notifications")
            .WithName("StreamMyNotifications")
            .WithSummary("The caller's new notifications as Server-Sent Events (event: notification, id: the notification's id, data: one inbox item in the request's language), with a ': heartbeat' comment when quiet; Last-Event-ID resumes after that notification.")
            .Access(AccessClass.SignedIn)
            .Produces<NotificationView>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status429TooManyRequests, TooManyStreams);
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        HttpContext http,
        ClaimsPrincipal caller,
        PushHub hub,
        NotificationsDbContext db,
        Alliance.ServiceDefaults.People.DisplayNames names,
        IOptions<PushOptions> options,
        IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime,
        TimeProvider time)
    {
        Guid? after = null;
        if (lastEventId is not null)
        {
            var errors = new FieldErrors();
            if (errors.Check(Guid.TryParse(lastEventId, out var last), "Last-Event-ID", "unknown_cursor"))
            {
                after = last;
            }

            if (!errors.IsEmpty)
            {
                return ApiProblems.Validation(errors);
            }
        }

        var me = caller.RequireAccountId();
        using var subscription = hub.Subscribe(me);
        if (subscription is null)
        {
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, TooManyStreams, "You have as many notification streams open as allowed; close one first.");
        }

        // A stream ends when its client goes, or when this replica stops (so a rollout is not held up: the client resumes elsewhere).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        // Nor longer than the token it was opened with: the app reconnects with a fresh one, so a revoked login stops hearing.
        if (long.TryParse(caller.FindFirstValue("exp"), out var expires))
        {
            var left = DateTimeOffset.FromUnixTimeSeconds(expires) - time.GetUtcNow();
            ending.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        var ct = ending.Token;
        var stream = new EventWriter(http, db, names, json.Value.SerializerOptions, me);
        try
        {
            await stream.StartAsync(ct);
            // Subscribed before reading what was missed, so nothing made in between falls through; what both bring is sent once.
            var resumed = after is { } from ? await stream.ResumeAsync(from, options.Value.ResumeLimit, ct) : [];
            await stream.RelayAsync(subscription, resumed, options.Value.HeartbeatInterval, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        return TypedResults.Empty;
    }

    /// <summary>Writes one person's stream: a notification as an event, a heartbeat as a comment, each flushed at once.</summary>
    private sealed class EventWriter(HttpContext http, NotificationsDbContext db, Alliance.ServiceDefaults.People.DisplayNames names, JsonSerializerOptions json, Guid me)
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var response = http.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            // Proxies such as nginx would otherwise hold events back in their buffers.
            response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.StartAsync(ct);
            // The headers go now, so the client knows the stream is open before anything happens.
            await WriteAsync(": open\n\n", ct);
        }

        /// <summary>The caller's notifications made after <paramref name="after"/>, oldest first, at most <paramref name="limit"/> (the newest ones).</summary>
        public async Task<HashSet<Guid>> ResumeAsync(Guid after, int limit, CancellationToken ct)
        {
            var missed = await db.Notifications.AsNoTracking()
                .Where(n => n.RecipientId == me && n.Id.CompareTo(after) > 0)
                .OrderByDescending(n => n.Id)
                .Take(limit)
                .ToListAsync(ct);
            missed.Reverse();
            foreach (var notification in missed)
            {
                await SendAsync(notification, ct);
            }

            return missed.Select(n => n.Id).ToHashSet();
        }

        public async Task RelayAsync(PushSubscription subscription, HashSet<Guid> alreadySent, TimeSpan heartbeat, CancellationToken ct)
        {
            var reader = subscription.Reader;
            while (true)
            {
                bool open;
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    quiet.CancelAfter(heartbeat);
                    try
                    {
                        open = await reader.WaitToReadAsync(quiet.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await WriteAsync(": heartbeat\n\n", ct);
                        continue;
                    }
                }

                if (!open)
                {
                    // Closed by the hub (too slow, or the listener lost the database): the client reconnects with Last-Event-ID.
                    return;
                }

                while (reader.TryRead(out var id))
                {
                    if (alreadySent.Contains(id))
                    {
                        continue;
                    }

                    // Only the caller's own row: the hub keys streams by recipient, and the query holds it too.
                    var notification = await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == me, ct);
                    if (notification is not null)
                    {
                        await SendAsync(notification, ct);
                    }
                }
            }
        }

        private async Task SendAsync(Notification notification, CancellationToken ct)
        {
            var book = await names.ForAsync(notification.OtherPersonId is { } other ? [other] : [], ct);
            var data = JsonSerializer.Serialize(InboxApi.View(notification, book), json);
            await WriteAsync($"id: {notification.Id}\nevent: notification\ndata: {data}\n\n", ct);
        }

        private async Task WriteAsync(string text, CancellationToken ct)
        {
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
            await http.Response.Body.FlushAsync(ct);
        }
    }
}
