using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Activities;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Calendar;

/// <summary>The street calendar's query; instants are RFC 3339 with offset.</summary>
internal sealed record CalendarQuery(
    DateTimeOffset? From, DateTimeOffset? To, string? CommunityId, string? KindId, string? Skill, bool? PlacesLeft, string? After, int? Limit);

/// <summary>The street-wide calendar of activities, and a volunteer's own sign-ups.</summary>
internal static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/teams").WithTags("Calendar");

        teams.MapGet("/activities", StreetAsync)
            .WithName("ListStreetActivities")
            .WithSummary("The street's calendar: every approved team's activities that are not cancelled and overlap the window from `from` to `to` (at most 92 days; a month from now by default), by start time; optionally of one community, kind or skill, or with places left only; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        teams.MapGet("/sign-ups/mine", MineAsync)
            .WithName("ListMySignUps")
            .WithSummary("The signed-in volunteer's places and waitlist places, each with its activity: those still to come (or under way) first, soonest first, then past ones, latest first. A place given up is left out; an activity its team cancelled stays, with cancelledAt. Keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);

        return app;
    }

    private static async Task<Results<Ok<Page<CalendarActivity>>, ProblemHttpResult>> StreetAsync(
        [AsParameters] CalendarQuery query, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = StreetCalendar.Check(query.From, query.To, query.CommunityId, query.KindId, query.Skill, time.GetUtcNow(), out var window);
        var badPage = Paging.Read(query.Limit, query.After, out var take, out var afterId);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (badPage is not null)
        {
            return badPage;
        }

        var rows =
            from a in db.Activities.AsNoTracking()
            join t in db.Teams.AsNoTracking() on a.TeamId equals t.Id
            where t.Status == TeamStatus.Approved && a.CancelledAt == null && a.EndsAt > window.From && a.StartsAt < window.To
            select new { Activity = a, Team = t };
        if (query.CommunityId is { } community)
        {
            rows = rows.Where(r => r.Activity.CommunityId == community);
        }

        if (query.KindId is { } kind)
        {
            rows = rows.Where(r => r.Activity.KindId == kind);
        }

        if (query.Skill is { } skill)
        {
            rows = rows.Where(r => r.Activity.KindId == skill || r.Activity.RequiredSkills.Contains(skill));
        }

        if (query.PlacesLeft == true)
        {
            rows = rows.Where(r => r.Activity.ConfirmedCount < r.Activity.Capacity);
        }

        if (afterId is { } after)
        {
            var anchor = await db.Activities.AsNoTracking().Where(a => a.Id == after).Select(a => new { a.StartsAt }).FirstOrDefaultAsync(ct);
            if (anchor is null)
            {
                return UnknownCursor();
            }

            rows = rows.Where(r => r.Activity.StartsAt > anchor.StartsAt || (r.Activity.StartsAt == anchor.StartsAt && r.Activity.Id.CompareTo(after) > 0));
        }

        var page = await rows.OrderBy(r => r.Activity.StartsAt).ThenBy(r => r.Activity.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, take, r => r.Activity.Id, r => CalendarActivity.From(r.Activity, r.Team)));
    }

    private static async Task<Results<Ok<Page<MySignUpResponse>>, ProblemHttpResult>> MineAsync(
        int? limit, string? after, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var me = caller.RequireAccountId();
        var now = time.GetUtcNow();
        // A place given up is not the volunteer's any more; an activity the team cancelled (which cancels its sign-ups) stays, so they learn of it.
        var mine =
            from s in db.SignUps.AsNoTracking()
            join a in db.Activities.AsNoTracking() on s.ActivityId equals a.Id
            join t in db.Teams.AsNoTracking() on a.TeamId equals t.Id
            where s.VolunteerId == me && (s.Status != SignUpStatus.Cancelled || a.CancelledAt != null)
            select new { SignUp = s, Activity = a, Team = t };
        var upcoming = mine.Where(r => r.Activity.EndsAt > now);
        var past = mine.Where(r => r.Activity.EndsAt <= now);
        var readUpcoming = true;
        if (afterId is { } cursor)
        {
            var anchor = await mine.Where(r => r.SignUp.Id == cursor).Select(r => new { r.Activity.StartsAt, r.Activity.EndsAt }).FirstOrDefaultAsync(ct);
            if (anchor is null)
            {
                return UnknownCursor();
            }

            if (anchor.EndsAt > now)
            {
                upcoming = upcoming.Where(r => r.Activity.StartsAt > anchor.StartsAt || (r.Activity.StartsAt == anchor.StartsAt && r.SignUp.Id.CompareTo(cursor) > 0));
            }
            else
            {
                readUpcoming = false;
                past = past.Where(r => r.Activity.StartsAt < anchor.StartsAt || (r.Activity.StartsAt == anchor.StartsAt && r.SignUp.Id.CompareTo(cursor) > 0));
            }
        }

        var rows = readUpcoming
            ? await upcoming.OrderBy(r => r.Activity.StartsAt).ThenBy(r => r.SignUp.Id).Take(take + 1).ToListAsync(ct)
            : [];
        if (rows.Count <= take)
        {
            rows.AddRange(await past.OrderByDescending(r => r.Activity.StartsAt).ThenBy(r => r.SignUp.Id).Take(take + 1 - rows.Count).ToListAsync(ct));
        }

        return TypedResults.Ok(Paging.Of(rows, take, r => r.SignUp.Id, r => MySignUpResponse.From(r.SignUp, r.Activity, r.Team, now)));
    }

    private static ProblemHttpResult UnknownCursor() => ApiProblems.Validation(new FieldErrors().Add("after", "unknown_cursor"));
}
