using System.Security.Claims;
using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Members;

/// <summary>Removing a member, and handing the team to another leader.</summary>
internal static class LeadershipApi
{
    public const string LeaderCannotBeRemoved = "leader_cannot_be_removed";
    public const string AlreadyLeader = "already_team_leader";

    public static IEndpointRouteBuilder MapLeadershipApi(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/teams/{id:guid}").WithTags("Members");

        team.MapPost("/members/{volunteerId:guid}/removal", RemoveAsync)
            .WithName("RemoveTeamMember")
            .WithSummary("The leader removes a deputy or member, a deputy only a member, with a reason (TeamMemberRemoved). The leader cannot be removed: they hand over first.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound, MembersApi.MemberNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, LeaderCannotBeRemoved);

        team.MapPost("/handover", HandOverAsync)
            .WithName("HandOverTeam")
            .WithSummary("The leader hands the team to another member, who leads it from now on (and runs its activities); the outgoing leader stays as a deputy (TeamLeadershipHandedOver).")
            .Access(AccessClass.Owner)
            .NamesPeople("volunteerId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound, MembersApi.MemberNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, AlreadyLeader);

        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid id, Guid volunteerId, RemoveMemberRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<MemberRemoval> logger, CancellationToken ct)
    {
        var team = await db.FindWithDeputiesAsync(id, ct);
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Manager))
        {
            return TeamLoading.NotLeader();
        }

        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "required"))
        {
            errors.Check(request.Reason!.Trim().Length <= MemberRemoval.MaxReasonLength, "reason", "too_long");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var member = await db.Members.FirstOrDefaultAsync(m => m.TeamId == id && m.VolunteerId == volunteerId, ct);
        if (member is null)
        {
            return ApiProblems.NotFound(MembersApi.MemberNotFound, "This volunteer is not a member of the team.");
        }

        var by = caller.RequireAccountId();
        switch (team.CheckRemoval(by, member))
        {
            case RemovalResult.LeaderCannotBeRemoved:
                return ApiProblems.Conflict(LeaderCannotBeRemoved, "The leader cannot be removed; they hand the team over first.");
            case RemovalResult.NotAllowed:
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, TeamsApi.NotLeader, "Only the leader removes a deputy.");
        }

        var now = time.GetUtcNow();
        db.Members.Remove(member);
        db.MemberRemovals.Add(MemberRemoval.Of(member, by, request.Reason!, now));
        db.Publish(new TeamMemberRemoved(Guid.CreateVersion7(now), now, null, id, volunteerId, by));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Volunteer {VolunteerId} removed from team {TeamId} by {RemovedBy}", volunteerId, id, by);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> HandOverAsync(
        Guid id, HandoverRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<Team> logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked, so two handovers at once cannot both pass the leader check and leave two leaders.
        var team = (await db.Teams.FromSql($"SELECT * FROM teams WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Leader))
        {
            return TeamLoading.NotLeader();
        }

        if (request.VolunteerId is not { } to)
        {
            return ApiProblems.Validation(new FieldErrors().Add("volunteerId", "required"));
        }

        var members = await db.Members.Where(m => m.TeamId == id && (m.VolunteerId == to || m.VolunteerId == team.LeaderId)).ToListAsync(ct);
        var incoming = members.FirstOrDefault(m => m.VolunteerId == to);
        if (incoming is null)
        {
            return ApiProblems.NotFound(MembersApi.MemberNotFound, "This volunteer is not a member of the team.");
        }

        var previous = team.LeaderId;
        if (team.HandOver(members.Single(m => m.VolunteerId == previous), incoming) == HandoverResult.AlreadyLeader)
        {
            return ApiProblems.Conflict(AlreadyLeader, "This member already leads the team.");
        }

        var now = time.GetUtcNow();
        db.Publish(new TeamLeadershipHandedOver(Guid.CreateVersion7(now), now, null, id, previous, to));
        // The activity policies judge the team's leadership as it is now, so its activities follow the new leader.
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Team {TeamId} handed over from {PreviousLeaderId} to {LeaderId}", id, previous, to);
        return TypedResults.Ok(TeamResponse.From(team));
    }
}
