using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Notifications.Data;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Webhooks;

internal sealed record RegisterWebhookRequest(Guid? MerchantId, string? Url, IReadOnlyList<string>? Events);

internal sealed record WebhookView(Guid Id, Guid MerchantId, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt)
{
    public static WebhookView Of(WebhookSubscription s) => new(s.Id, s.MerchantId, s.Url, s.Events, s.CreatedAt, s.SecretRotatedAt);
}

/// <summary>A registration's answer: the only time the signing secret is shown.</summary>
internal sealed record RegisteredWebhook(Guid Id, Guid MerchantId, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string Secret);

internal sealed record WebhookSecretView(Guid Id, string Secret, DateTimeOffset RotatedAt);

internal sealed record WebhookDeliveryView(
    Guid Id, string Event, int Attempts, int? LastStatusCode, string? LastError, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? FailedAt, DateTimeOffset CreatedAt);

/// <summary>
/// A merchant's staff register their partner system's endpoints, rotate their secrets and read the
/// delivery log. Who is staff is Merchants' to say (<c>IsStaff</c>, asked on every request, so staff
/// removed yesterday manage nothing today); anyone else finds no such merchant or webhook.
/// </summary>
internal static class WebhooksApi
{
    public const string WebhookNotFound = "webhook_not_found";
    public const string UrlNotHttps = "webhook_url_not_https";
    public const string UrlNotPublic = "webhook_url_not_public";
    public const string MerchantNotFound = "merchant_not_found";
    public const string MerchantsUnavailable = "merchants_unavailable";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/notifications/webhooks").WithTags("Webhooks");

        hooks.MapPost("/", RegisterAsync)
            .WithName("RegisterWebhook")
            .WithSummary("A merchant's staff register an https endpoint for the merchant's events; the answer holds the signing secret, shown this once.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, UrlNotHttps, UrlNotPublic)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, MerchantsUnavailable);

        hooks.MapGet("/", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The merchant's webhooks (?merchantId=), for its staff; never their secrets.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, MerchantsUnavailable);

        hooks.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Removes a webhook of the caller's merchant, and its deliveries not yet made.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, WebhookNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, MerchantsUnavailable);

        hooks.MapPost("/{id:guid}/secret", RotateAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret for the webhook, shown this once; every attempt from now is signed with it.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, WebhookNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, MerchantsUnavailable);

        hooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The webhook's delivery log, newest first; keyset-paginated (?limit=, ?after=).")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, WebhookNotFound)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, MerchantsUnavailable);
        return app;
    }

    private static async Task<Results<Created<RegisteredWebhook>, ProblemHttpResult>> RegisterAsync(
        RegisterWebhookRequest? request, ClaimsPrincipal caller, NotificationsDbContext db, MerchantsService.MerchantsServiceClient merchants,
        WebhookUrls urls, WebhookSecrets secrets, TimeProvider time, CancellationToken ct)
    {
        // Staff first: someone who is not learns nothing of the rest, not even a field error.
        var me = caller.RequireAccountId();
        if (await StaffAsync(merchants, request?.MerchantId, me, ct) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request!.Url), "url", "required"))
        {
            errors.Check(request.Url!.Length <= WebhookSubscription.MaxUrlLength, "url", "too_long");
        }

        errors.Check(request.Events is null || request.Events.All(e => WebhookEvents.All.Contains(e)), "events", "unknown_value");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var merchantId = request.MerchantId!.Value;
        switch (await urls.CheckAsync(request.Url!.Trim(), ct))
        {
            case UrlVerdict.NotHttps:
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, UrlNotHttps, "A webhook's URL must be an absolute https URL.");
            case UrlVerdict.NotPublic:
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, UrlNotPublic, "A webhook's host must resolve to public addresses only.");
        }

        var (plain, sealedSecret) = secrets.Make();
        var subscription = WebhookSubscription.Register(merchantId, request.Url.Trim(), request.Events ?? [], sealedSecret, me, time.GetUtcNow());
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/notifications/webhooks/{subscription.Id}",
            new RegisteredWebhook(subscription.Id, merchantId, subscription.Url, subscription.Events, subscription.CreatedAt, plain));
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookView>>, ProblemHttpResult>> ListAsync(
        Guid? merchantId, ClaimsPrincipal caller, NotificationsDbContext db, MerchantsService.MerchantsServiceClient merchants, CancellationToken ct)
    {
        if (await StaffAsync(merchants, merchantId, caller.RequireAccountId(), ct) is { } refused)
        {
            return refused;
        }

        var rows = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.MerchantId == merchantId).OrderBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<WebhookView>>(rows.Select(WebhookView.Of).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, NotificationsDbContext db, MerchantsService.MerchantsServiceClient merchants, CancellationToken ct)
    {
        var (subscription, refused) = await FindAsync(id, caller, db, merchants, ct);
        if (subscription is null)
        {
            return refused!;
        }

        // Its deliveries go with it (the key cascades); their due work then finds nothing to send.
        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookSecretView>, ProblemHttpResult>> RotateAsync(
        Guid id, ClaimsPrincipal caller, NotificationsDbContext db, MerchantsService.MerchantsServiceClient merchants,
        WebhookSecrets secrets, TimeProvider time, CancellationToken ct)
    {
        var (subscription, refused) = await FindAsync(id, caller, db, merchants, ct);
        if (subscription is null)
        {
            return refused!;
        }

        var (plain, sealedSecret) = secrets.Make();
        var now = time.GetUtcNow();
        subscription.RotateSecret(sealedSecret, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new WebhookSecretView(subscription.Id, plain, now));
    }

    private static async Task<Results<Ok<Page<WebhookDeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        Guid id, int? limit, string? after, ClaimsPrincipal caller, NotificationsDbContext db, MerchantsService.MerchantsServiceClient merchants, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } invalid)
        {
            return invalid;
        }

        var (subscription, refused) = await FindAsync(id, caller, db, merchants, ct);
        if (subscription is null)
        {
            return refused!;
        }

        var rows = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id);
        if (afterId is { } last)
        {
            rows = rows.Where(d => d.Id.CompareTo(last) < 0);
        }

        var page = await rows.OrderByDescending(d => d.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, d => d.Id, d => new WebhookDeliveryView(
            d.Id, d.EventType, d.Attempts, d.LastStatusCode, d.LastError, d.LastAttemptAt, d.DeliveredAt, d.NextAttemptAt, d.FailedAt, d.CreatedAt)));
    }

    /// <summary>The webhook, tracked, if the caller is staff of its merchant; else the problem to answer (not found, whoever's it is).</summary>
    private static async Task<(WebhookSubscription? Subscription, ProblemHttpResult? Refused)> FindAsync(
        Guid id, ClaimsPrincipal caller, NotificationsDbContext db, MerchantsService.MerchantsServiceClient merchants, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is not null)
        {
            switch (await StaffAsync(merchants, subscription.MerchantId, caller.RequireAccountId(), ct))
            {
                case null:
                    return (subscription, null);
                case { StatusCode: StatusCodes.Status503ServiceUnavailable } unavailable:
                    return (null, unavailable);
            }
        }

        return (null, ApiProblems.NotFound(WebhookNotFound, "No webhook of yours has this id."));
    }

    /// <summary>
    /// Null when the person is staff of the merchant now; else a 404 (not staff, no such merchant, or
    /// none named: a merchant of theirs it is not) or a 503.
    /// </summary>
    private static async Task<ProblemHttpResult?> StaffAsync(MerchantsService.MerchantsServiceClient merchants, Guid? merchantId, Guid person, CancellationToken ct)
    {
        if (merchantId is null || merchantId == Guid.Empty)
        {
            return ApiProblems.NotFound(MerchantNotFound, "No business has this id.");
        }

        try
        {
            var reply = await merchants.IsStaffAsync(new IsStaffRequest { MerchantId = merchantId.ToString(), AccountId = person.ToString() }, cancellationToken: ct);
            return reply.Staff ? null : ApiProblems.NotFound(MerchantNotFound, "No business has this id.");
        }
        catch (RpcException) when (!ct.IsCancellationRequested)
        {
            return ApiProblems.Unavailable(MerchantsUnavailable, "The Merchants service did not answer in time; retry later.");
        }
    }
}
