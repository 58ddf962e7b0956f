using System.Security.Claims;
using Alliance.Points.Data;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Recognition;

internal sealed record Leaderboard(string Period, DateOnly From, DateOnly Until, string? CommunityId, Guid? TeamId, IReadOnlyList<Standing> Standings);

internal sealed record StarPick(Guid VolunteerId, string? Citation);

/// <summary>A star, by the name the volunteer chose to appear by on boards (the placeholder for the anonymous and the erased).</summary>
internal sealed record StarView(int Year, Guid VolunteerId, string? VolunteerName, long Points, string? Citation, DateTimeOffset PickedAt)
{
    public static StarView From(Star s, NameBook names) => new(s.Year, s.VolunteerId, names.LeaderboardNameOf(s.VolunteerId), s.Points, s.Citation, s.PickedAt);
}

/// <summary><c>Points:Recognition</c>.</summary>
internal sealed class RecognitionOptions
{
    public const string Section = "Points:Recognition";

    /// <summary>How many of a year's highest earners the stars list proposes (the "hundred stars").</summary>
    public int StarCandidates { get; set; } = 100;
}

/// <summary>Leaderboards and top tens for anyone signed in; the yearly stars, picked by a street admin from the figures' candidates.</summary>
internal static class RecognitionApi
{
    public const string NotACandidate = "not_a_candidate";
    public const string AlreadyPicked = "star_already_picked";
    public const string StreetAdminOnly = "street_admin_only";
    private const int TopTen = 10;

    public static IEndpointRouteBuilder MapRecognitionApi(this IEndpointRouteBuilder app)
    {
        var points = app.MapGroup("/points").WithTags("Recognition");
        points.MapGet("/leaderboards/volunteers", VolunteersAsync)
            .WithName("GetVolunteerLeaderboard")
            .WithSummary("Volunteers by points earned in a period (?period=2026-11 or 2026, Asia/Shanghai; default this month), street-wide or ?communityId= or ?teamId=; the top ten unless ?top= (at most 100).")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
        points.MapGet("/leaderboards/teams", TeamsAsync)
            .WithName("GetTeamLeaderboard")
            .WithSummary("Teams by the points their members earned in the team's needs and activities in a period, street-wide or ?communityId=; the top ten unless ?top=.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
        points.MapGet("/stars/{year:int}", StarsAsync)
            .WithName("ListStars")
            .WithSummary("The year's stars, as the street admin picked them.")
            .Access(AccessClass.SignedIn);
        points.MapGet("/stars/{year:int}/candidates", CandidatesAsync)
            .WithName("ListStarCandidates")
            .WithSummary("The year's highest earners the figures propose for the stars list, and whether each is picked. A street admin.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly);
        points.MapPost("/stars/{year:int}", PickAsync)
            .WithName("PickStar")
            .WithSummary("A street admin picks one of the year's candidates for the stars list, with a citation. Moves no points. "
                + "A volunteer who is not a candidate is unprocessable; one picked already is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .NamesPeople("volunteerId")
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status409Conflict, AlreadyPicked)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NotACandidate);
        return app;
    }

    private static async Task<Results<Ok<Leaderboard>, ProblemHttpResult>> VolunteersAsync(
        string? period, string? communityId, Guid? teamId, int? top, PointsDbContext db, DisplayNames displayNames, TimeProvider time, CancellationToken ct)
    {
        if (Read(period, top, time, out var p, out var take) is { } invalid)
        {
            return invalid;
        }

        var standings = await Standing.NamedAsync(await Leaderboards.VolunteersAsync(db.Earned(p, communityId, teamId), take, ct), displayNames, forLeaderboard: true, ct);
        return TypedResults.Ok(new Leaderboard(p.Name, p.From, p.Until, communityId, teamId, standings));
    }

    private static async Task<Results<Ok<Leaderboard>, ProblemHttpResult>> TeamsAsync(
        string? period, string? communityId, int? top, PointsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (Read(period, top, time, out var p, out var take) is { } invalid)
        {
            return invalid;
        }

        var standings = await Leaderboards.TeamsAsync(db.Earned(p, communityId), take, ct);
        return TypedResults.Ok(new Leaderboard(p.Name, p.From, p.Until, communityId, null, standings));
    }

    private static async Task<Ok<List<StarView>>> StarsAsync(int year, PointsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        var stars = await db.Stars.AsNoTracking().Where(s => s.Year == year).OrderByDescending(s => s.Points).ThenBy(s => s.VolunteerId).ToListAsync(ct);
        var names = await displayNames.ForAsync(stars.Select(s => s.VolunteerId), ct);
        return TypedResults.Ok(stars.Select(s => StarView.From(s, names)).ToList());
    }

    private static async Task<Results<Ok<Leaderboard>, ProblemHttpResult>> CandidatesAsync(
        int year, ClaimsPrincipal caller, PointsDbContext db, DisplayNames displayNames, IOptionsSnapshot<RecognitionOptions> options, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return Forbidden();
        }

        // The street admin picks people, not ids: the display name even of one anonymous on the boards.
        var p = Period.Year(year);
        var standings = await Standing.NamedAsync(await Leaderboards.VolunteersAsync(db.Earned(p), options.Value.StarCandidates, ct), displayNames, forLeaderboard: false, ct);
        return TypedResults.Ok(new Leaderboard(p.Name, p.From, p.Until, null, null, standings));
    }

    private static async Task<Results<Created<StarView>, ProblemHttpResult>> PickAsync(
        int year, StarPick pick, ClaimsPrincipal caller, PointsDbContext db, DisplayNames displayNames, IOptionsSnapshot<RecognitionOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return Forbidden();
        }

        var candidates = await Leaderboards.VolunteersAsync(db.Earned(Period.Year(year)), options.Value.StarCandidates, ct);
        if (candidates.FirstOrDefault(c => c.Id == pick.VolunteerId) is not { } candidate)
        {
            return ApiProblems.Unprocessable(NotACandidate, "This volunteer is not among the year's candidates.");
        }

        if (await db.Stars.AnyAsync(s => s.Year == year && s.VolunteerId == pick.VolunteerId, ct))
        {
            return ApiProblems.Conflict(AlreadyPicked, "This volunteer is already on the year's stars list.");
        }

        var star = new Star
        {
            Year = year,
            VolunteerId = pick.VolunteerId,
            Points = candidate.Points,
            Citation = pick.Citation?.Trim(),
            PickedBy = caller.RequireAccountId(),
            PickedAt = time.GetUtcNow(),
        };
        db.Stars.Add(star);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation("pk_stars"))
        {
            return ApiProblems.Conflict(AlreadyPicked, "This volunteer is already on the year's stars list.");
        }

        return TypedResults.Created($"/points/stars/{year}", StarView.From(star, await displayNames.ForAsync([star.VolunteerId], ct)));
    }

    private static ProblemHttpResult? Read(string? period, int? top, TimeProvider time, out Period p, out int take)
    {
        take = top ?? TopTen;
        var errors = new FieldErrors();
        errors.Check(take is >= 1 and <= 100, "top", "out_of_range");
        var parsed = Period.Parse(period, time.GetUtcNow());
        errors.Check(parsed is not null, "period", "unknown_period");
        p = parsed ?? Period.Year(2000);
        return errors.IsEmpty ? null : ApiProblems.Validation(errors);
    }

    private static ProblemHttpResult Forbidden() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, StreetAdminOnly, "Only a street admin runs the stars list.");
}
