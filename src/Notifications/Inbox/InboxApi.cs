using System.Security.Claims;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Inbox;

/// <summary>What a notification is about: <c>type</c> is need, activity, team, offer, redemption, points or pairing.</summary>
internal sealed record SubjectView(string Type, Guid Id);

internal sealed record NotificationView(Guid Id, string Kind, string Title, string Body, Guid? NeedId, SubjectView Subject, bool Read, DateTimeOffset CreatedAt);

internal sealed record UnreadCount(int Unread);

internal sealed record ReadAllResult(int Marked);

/// <summary>The in-app inbox: the caller's own notifications, and nobody else's.</summary>
internal static class InboxApi
{
    public const string NotificationNotFound = "notification_not_found";

    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/notifications").WithTags("Notifications");

        inbox.MapGet("/", ListAsync)
            .WithName("ListMyNotifications")
            .WithSummary("The caller's notifications, unread first, then newest first; keyset-paginated (?limit=, ?after=). Texts in the request's language.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        inbox.MapGet("/unread-count", CountAsync)
            .WithName("CountMyUnreadNotifications")
            .WithSummary("How many of the caller's notifications are unread.")
            .Access(AccessClass.SignedIn);

        inbox.MapPost("/{id:guid}/read", MarkReadAsync)
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one of the caller's notifications read (again is no change); another person's is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, NotificationNotFound);

        inbox.MapPost("/read-all", MarkAllReadAsync)
            .WithName("MarkAllNotificationsRead")
            .WithSummary("Marks every unread notification of the caller read; answers how many it marked.")
            .Access(AccessClass.SignedIn);
        return app;
    }

    private static async Task<Results<Ok<Page<NotificationView>>, ProblemHttpResult>> ListAsync(
        int? limit, string? after, ClaimsPrincipal caller, NotificationsDbContext db, DisplayNames names, CancellationToken ct)
    {
        var take = limit ?? Paging.DefaultLimit;
        var cursor = after is null ? null : InboxCursor.Decode(after);
        var errors = new FieldErrors();
        errors.Check(take is >= 1 and <= Paging.MaxLimit, "limit", "out_of_range");
        errors.Check(after is null || cursor is not null, "after", "unknown_cursor");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var me = caller.RequireAccountId();
        var mine = db.Notifications.AsNoTracking().Where(n => n.RecipientId == me);
        var rows = new List<Notification>();
        // Unread ones first (unless the last page already ended among the read), then the read, each newest first.
        if (cursor is not { Read: true })
        {
            var unread = mine.Where(n => n.ReadAt == null);
            if (cursor is { } last)
            {
                unread = unread.Where(n => n.Id.CompareTo(last.Id) < 0);
            }

            rows.AddRange(await unread.OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(ct));
        }

        if (rows.Count <= take)
        {
            var read = mine.Where(n => n.ReadAt != null);
            if (cursor is { Read: true } last)
            {
                read = read.Where(n => n.Id.CompareTo(last.Id) < 0);
            }

            rows.AddRange(await read.OrderByDescending(n => n.Id).Take(take + 1 - rows.Count).ToListAsync(ct));
        }

        var page = rows.Take(take).ToList();
        var book = await names.ForAsync(page.Where(n => n.OtherPersonId is not null).Select(n => n.OtherPersonId!.Value), ct);
        var next = rows.Count > take ? new InboxCursor(page[^1].IsRead, page[^1].Id).Encode() : null;
        return TypedResults.Ok(new Page<NotificationView>(page.Select(n => View(n, book)).ToList(), next));
    }

    private static async Task<Ok<UnreadCount>> CountAsync(ClaimsPrincipal caller, NotificationsDbContext db, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        return TypedResults.Ok(new UnreadCount(await db.Notifications.CountAsync(n => n.RecipientId == me && n.ReadAt == null, ct)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        Guid id, ClaimsPrincipal caller, NotificationsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == me, ct);
        if (notification is null)
        {
            return ApiProblems.NotFound(NotificationNotFound, "You have no notification with this id.");
        }

        notification.MarkRead(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ReadAllResult>> MarkAllReadAsync(ClaimsPrincipal caller, NotificationsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        var now = time.GetUtcNow();
        var marked = await db.Notifications.Where(n => n.RecipientId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, now), ct);
        return TypedResults.Ok(new ReadAllResult(marked));
    }

    internal static NotificationView View(Notification n, NameBook names)
    {
        var (title, body) = NoticeTexts.Render(n, names);
        return new NotificationView(n.Id, n.Kind, title, body, n.NeedId, new SubjectView(n.SubjectType, n.SubjectId), n.IsRead, n.CreatedAt);
    }
}
