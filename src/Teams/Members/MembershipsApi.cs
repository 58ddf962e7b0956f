using System.Security.Claims;
using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
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

/// <summary>Joining by request and approval or by invitation and acceptance, and leaving.</summary>
internal static class MembershipsApi
{
    public const string MembershipNotFound = "membership_not_found";
    public const string NotPending = "membership_not_pending";
    public const string NotMember = "not_team_member";
    public const string LeaderCannotLeave = "leader_cannot_leave";

    public static IEndpointRouteBuilder MapMembershipsApi(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/teams/{id:guid}").WithTags("Members");

        team.MapPost("/join-requests", RequestAsync)
            .WithName("RequestToJoinTeam")
            .WithSummary("The signed-in volunteer asks to join; the leader or a deputy approves. Only volunteers verified by Volunteers.")
            .Access(AccessClass.Volunteer)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, Joining.AlreadyMember, Joining.MembershipPending)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, Joining.NotVerified)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, Joining.VolunteersUnavailable);

        team.MapGet("/join-requests", ListPendingAsync)
            .WithName("ListPendingMemberships")
            .WithSummary("The pending requests and invitations of a team, each with the volunteer's display name: its leader and deputies only; keyset pages.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound);

        team.MapPost("/join-requests/{requestId:guid}/approval", (Guid id, Guid requestId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, CancellationToken ct) =>
                DecideRequestAsync(id, requestId, true, caller, db, authorization, joining, ct))
            .WithName("ApproveJoinRequest")
            .WithSummary("The leader or a deputy approves a request: the volunteer joins (TeamMemberJoined).")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound, MembershipNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, Joining.AlreadyMember, NotPending)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, Joining.NotVerified)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, Joining.VolunteersUnavailable);

        team.MapPost("/join-requests/{requestId:guid}/rejection", (Guid id, Guid requestId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, CancellationToken ct) =>
                DecideRequestAsync(id, requestId, false, caller, db, authorization, joining, ct))
            .WithName("RejectJoinRequest")
            .WithSummary("The leader or a deputy turns a request down.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound, MembershipNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NotPending);

        team.MapPost("/invitations", InviteAsync)
            .WithName("InviteToTeam")
            .WithSummary("The leader or a deputy invites a verified volunteer, who accepts to join.")
            .Access(AccessClass.Owner)
            .NamesPeople("volunteerId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, TeamsApi.NotLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, TeamsApi.TeamNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, Joining.AlreadyMember, Joining.MembershipPending)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, Joining.NotVerified)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, Joining.VolunteersUnavailable);

        team.MapPost("/invitations/{invitationId:guid}/acceptance", (Guid id, Guid invitationId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, CancellationToken ct) =>
                AnswerInvitationAsync(id, invitationId, true, caller, db, authorization, joining, ct))
            .WithName("AcceptTeamInvitation")
            .WithSummary("The invited volunteer accepts and joins (TeamMemberJoined); anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, MembershipNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, Joining.AlreadyMember, NotPending)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, Joining.NotVerified)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, Joining.VolunteersUnavailable);

        team.MapPost("/invitations/{invitationId:guid}/declination", (Guid id, Guid invitationId, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, CancellationToken ct) =>
                AnswerInvitationAsync(id, invitationId, false, caller, db, authorization, joining, ct))
            .WithName("DeclineTeamInvitation")
            .WithSummary("The invited volunteer declines; the team may invite them again. Anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, MembershipNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NotPending);

        team.MapDelete("/membership", LeaveAsync)
            .WithName("LeaveTeam")
            .WithSummary("The signed-in member leaves the team (TeamMemberLeft); the leader cannot.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, NotMember)
            .ProducesProblems(StatusCodes.Status409Conflict, LeaderCannotLeave);

        return app;
    }

    private static async Task<Results<Created<MembershipResponse>, ProblemHttpResult>> RequestAsync(
        Guid id, ClaimsPrincipal caller, TeamsDbContext db, Joining joining, TimeProvider time, CancellationToken ct)
    {
        var volunteerId = caller.RequireAccountId();
        if (!await db.Teams.AnyAsync(t => t.Id == id, ct))
        {
            return TeamLoading.TeamNotFound();
        }

        if (await joining.RefuseAsync(id, volunteerId, ct) is { } refusal)
        {
            return refusal;
        }

        return await OpenAsync(db, Membership.Open(id, volunteerId, MembershipKind.Request, volunteerId, time.GetUtcNow()), ct);
    }

    private static async Task<Results<Created<MembershipResponse>, ProblemHttpResult>> InviteAsync(
        Guid id, InviteRequest request, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, TimeProvider time, CancellationToken ct)
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

        if (request.VolunteerId is not { } volunteerId)
        {
            return ApiProblems.Validation(new FieldErrors().Add("volunteerId", "required"));
        }

        if (await joining.RefuseAsync(id, volunteerId, ct) is { } refusal)
        {
            return refusal;
        }

        return await OpenAsync(db, Membership.Open(id, volunteerId, MembershipKind.Invitation, caller.RequireAccountId(), time.GetUtcNow()), ct);
    }

    private static async Task<Results<Created<MembershipResponse>, ProblemHttpResult>> OpenAsync(TeamsDbContext db, Membership membership, CancellationToken ct)
    {
        db.Memberships.Add(membership);
        if (membership.Kind == MembershipKind.Request)
        {
            db.Publish(new TeamJoinRequested(Guid.CreateVersion7(membership.CreatedAt), membership.CreatedAt, null, membership.TeamId, membership.Id, membership.VolunteerId));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(TeamsDbContext.UniquePendingMembershipIndex))
        {
            return ApiProblems.Conflict(Joining.MembershipPending, "A request or invitation for this volunteer is already pending.");
        }

        var path = membership.Kind == MembershipKind.Request ? "join-requests" : "invitations";
        return TypedResults.Created($"/teams/{membership.TeamId}/{path}/{membership.Id}", MembershipResponse.From(membership));
    }

    private static async Task<Results<Ok<MembershipResponse>, ProblemHttpResult>> DecideRequestAsync(
        Guid id, Guid requestId, bool approve, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, CancellationToken ct)
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

        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == requestId && m.TeamId == id && m.Kind == MembershipKind.Request, ct);
        if (membership is null)
        {
            return ApiProblems.NotFound(MembershipNotFound, "This team has no request with this id.");
        }

        return await joining.DecideAsync(membership, approve, caller.RequireAccountId(), ct) is { } problem
            ? problem
            : TypedResults.Ok(MembershipResponse.From(membership));
    }

    private static async Task<Results<Ok<MembershipResponse>, ProblemHttpResult>> AnswerInvitationAsync(
        Guid id, Guid invitationId, bool accept, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, Joining joining, CancellationToken ct)
    {
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == invitationId && m.TeamId == id, ct);
        // Another person's invitation is not theirs to know about.
        if (membership is null || !await authorization.AllowsAsync(caller, membership, TeamPolicies.Invitee))
        {
            return ApiProblems.NotFound(MembershipNotFound, "You have no invitation with this id.");
        }

        return await joining.DecideAsync(membership, accept, caller.RequireAccountId(), ct) is { } problem
            ? problem
            : TypedResults.Ok(MembershipResponse.From(membership));
    }

    private static async Task<Results<Ok<Page<MembershipResponse>>, ProblemHttpResult>> ListPendingAsync(
        Guid id, int? limit, string? after, ClaimsPrincipal caller, TeamsDbContext db, IAuthorizationService authorization, DisplayNames displayNames, CancellationToken ct)
    {
        if (Paging.Read(limit, after, out var take, out var afterId) is { } bad)
        {
            return bad;
        }

        var team = await db.FindWithDeputiesAsync(id, ct);
        if (team is null)
        {
            return TeamLoading.TeamNotFound();
        }

        if (!await authorization.AllowsAsync(caller, team, TeamPolicies.Manager))
        {
            return TeamLoading.NotLeader();
        }

        var query = db.Memberships.AsNoTracking().Where(m => m.TeamId == id && m.Status == MembershipStatus.Pending);
        if (afterId is { } cursor)
        {
            query = query.Where(m => m.Id.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(m => m.Id).Take(take + 1).ToListAsync(ct);
        var names = await displayNames.ForAsync(rows.Take(take).SelectMany(m => new[] { m.VolunteerId, m.CreatedBy }), ct);
        return TypedResults.Ok(Paging.Of(rows, take, m => m.Id, m => MembershipResponse.From(m, names)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(
        Guid id, ClaimsPrincipal caller, TeamsDbContext db, TimeProvider time, ILogger<TeamMember> logger, CancellationToken ct)
    {
        var volunteerId = caller.RequireAccountId();
        var member = await db.Members.FirstOrDefaultAsync(m => m.TeamId == id && m.VolunteerId == volunteerId, ct);
        if (member is null)
        {
            return ApiProblems.NotFound(NotMember, "You are not a member of this team.");
        }

        if (member.Role == MemberRole.Leader)
        {
            return ApiProblems.Conflict(LeaderCannotLeave, "The leader cannot leave the team they lead.");
        }

        var now = time.GetUtcNow();
        db.Members.Remove(member);
        db.Publish(new TeamMemberLeft(Guid.CreateVersion7(now), now, null, id, volunteerId));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Volunteer {VolunteerId} left team {TeamId}", volunteerId, id);
        return TypedResults.NoContent();
    }
}
