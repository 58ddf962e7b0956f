using System.Security.Claims;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Activities;
using Alliance.Teams.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Calendar;

/// <summary>The caller's feed: its path (under the API's base) only when a token was issued by this answer, since only its hash is kept.</summary>
internal sealed record CalendarFeedResponse(string? FeedPath, DateTimeOffset IssuedAt);

/// <summary>A volunteer's sign-ups as an iCalendar feed that calendar apps subscribe to, and its owner's endpoints.</summary>
internal static class CalendarFeedApi
{
    public const string FeedNotFound = "calendar_feed_not_found";

    public static IEndpointRouteBuilder MapCalendarFeedApi(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/teams/calendar").WithTags("Calendar");

        calendar.MapGet("/{feedToken}.ics", FeedAsync)
            .WithName("GetSignUpsCalendarFeed")
            .WithSummary("Public, for calendar apps (they send no token): the feed's owner's places and waitlist places at activities of the last 90 days and to come, as text/calendar (RFC 5545), times in UTC; a cancelled activity stays as STATUS:CANCELLED. The address is the key: an old or unknown one is 404.")
            .Access(AccessClass.Public)
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .ProducesProblems(StatusCodes.Status404NotFound, FeedNotFound);

        calendar.MapGet("/me", MineAsync)
            .WithName("GetMyCalendarFeed")
            .WithSummary("The signed-in person's calendar feed. The first call issues it and answers its path (feedPath) that once: only a hash of the token is kept, so later calls answer feedPath null; rotate to get a new address.")
            .Access(AccessClass.SignedIn)
            .ShownOnce("feedPath");

        calendar.MapPost("/me/rotate", RotateAsync)
            .WithName("RotateMyCalendarFeed")
            .WithSummary("Issues the signed-in person's calendar feed a new address (feedPath, shown this once); the old one answers 404 from now on.")
            .Access(AccessClass.SignedIn)
            .ShownOnce("feedPath");

        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FeedAsync(string feedToken, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var hash = CalendarFeed.HashOf(feedToken);
        var feed = hash is null ? null : await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash, ct);
        if (feed is null)
        {
            return ApiProblems.NotFound(FeedNotFound, "No calendar feed has this address.");
        }

        var since = time.GetUtcNow() - SignUpsCalendar.History;
        var rows = await (
            from s in db.SignUps.AsNoTracking()
            join a in db.Activities.AsNoTracking() on s.ActivityId equals a.Id
            join t in db.Teams.AsNoTracking() on a.TeamId equals t.Id
            where s.VolunteerId == feed.VolunteerId && (s.Status != SignUpStatus.Cancelled || a.CancelledAt != null) && a.EndsAt > since
            orderby a.StartsAt, a.Id
            select new { s, a, t }).Take(SignUpsCalendar.MaxEvents).ToListAsync(ct);
        return TypedResults.Text(SignUpsCalendar.Write(rows.Select(r => (r.s, r.a, r.t))), SignUpsCalendar.ContentType);
    }

    private static async Task<Ok<CalendarFeedResponse>> MineAsync(
        ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        if (await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.VolunteerId == me, ct) is { } existing)
        {
            return TypedResults.Ok(new CalendarFeedResponse(null, existing.IssuedAt));
        }

        var (feed, token) = CalendarFeed.Issue(me, time.GetUtcNow());
        db.CalendarFeeds.Add(feed);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(TeamsDbContext.CalendarFeedsPrimaryKey))
        {
            // A second first call at the same moment lost the race: the feed exists, and its path was the other call's to show.
            var won = await db.CalendarFeeds.AsNoTracking().SingleAsync(f => f.VolunteerId == me, ct);
            return TypedResults.Ok(new CalendarFeedResponse(null, won.IssuedAt));
        }

        return TypedResults.Ok(new CalendarFeedResponse(CalendarFeed.PathOf(token), feed.IssuedAt));
    }

    private static async Task<Ok<CalendarFeedResponse>> RotateAsync(ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        var now = time.GetUtcNow();
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.VolunteerId == me, ct);
        if (feed is null)
        {
            var (issued, first) = CalendarFeed.Issue(me, now);
            db.CalendarFeeds.Add(issued);
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(new CalendarFeedResponse(CalendarFeed.PathOf(first), issued.IssuedAt));
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation(TeamsDbContext.CalendarFeedsPrimaryKey))
            {
                // Another call issued it at the same moment: rotate that one, so this answer's address is the one that works.
                db.ChangeTracker.Clear();
                feed = await db.CalendarFeeds.SingleAsync(f => f.VolunteerId == me, ct);
            }
        }

        var token = feed.Rotate(now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CalendarFeedResponse(CalendarFeed.PathOf(token), feed.IssuedAt));
    }
}
