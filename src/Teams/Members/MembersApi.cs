using System.Security.Claims;
using Alliance.ServiceDefaults.Paging;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Members;

/// <summary>A team's members, their roles (leader, deputies) and sub-squads.</summary>
internal static class MembersApi
{
    public const string MemberNotFound = "member_not_found";
    public const string SquadNotFound = "squad_not_found";
    public const string SquadNameTaken = "squad_name_taken";
    public const string LeaderRoleFixed = "leader_role_fixed";

    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/teams/{id:guid}").WithTags("Members");

        team.MapGet("/members", ListAsync)
            .WithName("ListTeamMembers")
            .WithSummary("A team's members with their display names, roles and sub-squads; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound);

        team.MapPatch("/members/{volunteerId:guid}", UpdateAsync)
            .WithName("UpdateTeamMember")
            .WithSummary("The leader makes a member a deputy (or a member again) or puts them in a sub-squad.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound, MemberNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, LeaderRoleFixed);

        team.MapPost("/squads", CreateSquadAsync)
            .WithName("CreateSquad")
            .WithSummary("The leader sets up a sub-squad of the team.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, SquadNameTaken);

        team.MapGet("/squads", ListSquadsAsync)
            .WithName("ListSquads")
            .WithSummary("A team's sub-squads; keyset pages.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound);

        return app;
    }

    private static async Task<Results<Ok<Page<MemberResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, int? limit, string? after, TeamsDbContext db, DisplayNames displayNames, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        if (!await db.Teams.AnyAsync(t => t.Id == id, ct))
        {
            return TeamLoading.TeamNotFound();
        }

        var query = db.Members.AsNoTracking().Where(m => m.TeamId == id);
        if (afterId is { } cursor)
        {
            query = query.Where(m => m.VolunteerId.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(m => m.VolunteerId).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).Select(m => m.VolunteerId), ct);
        return TypedResults.Ok(Paging.Of(rows, take, m => m.VolunteerId, m => MemberResponse.From(m, names)));
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid volunteerId, UpdateMemberRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Leader))
        {
            return TeamLoading.NotLeader();
        }

        var member = await db.Members.FirstOrDefaultAsync(m => m.TeamId == id && m.VolunteerId == volunteerId, ct);
        if (member is null)
        {
            return ApiProblems.NotFound(MemberNotFound, "This volunteer is not a member of the team.");
        }

        if (request.SquadId is { } squadId && !await db.Squads.AnyAsync(s => s.Id == squadId && s.TeamId == id, ct))
        {
            return ApiProblems.Validation(new FieldErrors().Add("squadId", "unknown_squad"));
        }

        if (request.Role is { } role && !member.SetRole(role))
        {
            return ApiProblems.Conflict(LeaderRoleFixed, "The leader's role cannot be changed here, nor can a member be made leader.");
        }

        if (request.LeaveSquad == true)
        {
            member.AssignSquad(null);
        }
        else if (request.SquadId is not null)
        {
            member.AssignSquad(request.SquadId);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(MemberResponse.From(member));
    }

    private static async Task<Results<Created<SquadResponse>, ProblemHttpResult>> CreateSquadAsync(
        Guid id, CreateSquadRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, TimeProvider time, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Leader))
        {
            return TeamLoading.NotLeader();
        }

        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Name), "name", "required"))
        {
            errors.Check(request.Name!.Trim().Length <= Squad.MaxNameLength, "name", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var squad = new Squad(Guid.CreateVersion7(now), id, request.Name!.Trim(), now);
        db.Squads.Add(squad);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(TeamsDbContext.UniqueSquadNameIndex))
        {
            return ApiProblems.Conflict(SquadNameTaken, "The team already has a sub-squad of this name.");
        }

        return TypedResults.Created($"/teams/{id}/squads/{squad.Id}", SquadResponse.From(squad));
    }

    private static async Task<Results<Ok<Page<SquadResponse>>, ProblemHttpResult>> ListSquadsAsync(
        Guid id, int? limit, string? after, TeamsDbContext db, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        if (!await db.Teams.AnyAsync(t => t.Id == id, ct))
        {
            return TeamLoading.TeamNotFound();
        }

        var query = db.Squads.AsNoTracking().Where(s => s.TeamId == id);
        if (afterId is { } cursor)
        {
            query = query.Where(s => s.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(s => s.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, s => s.Id, SquadResponse.From));
    }
}
