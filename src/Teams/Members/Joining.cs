using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.Teams.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Members;

/// <summary>The one way into a team, whether by an approved request or an accepted invitation.</summary>
internal sealed class Joining(TeamsDbContext db, VolunteerDirectory volunteers, TimeProvider time, ILogger<Joining> logger)
{
    public const string AlreadyMember = "already_team_member";
    public const string MembershipPending = "membership_pending";
    public const string NotVerified = "volunteer_not_verified";
    public const string VolunteersUnavailable = "volunteers_unavailable";

    /// <summary>Refuses a volunteer who is already a member, is not verified, or cannot be checked now.</summary>
    public async Task<ProblemHttpResult?> RefuseAsync(Guid teamId, Guid volunteerId, CancellationToken ct)
    {
        if (await db.Members.AnyAsync(m => m.TeamId == teamId && m.VolunteerId == volunteerId, ct))
        {
            return ApiProblems.Conflict(AlreadyMember, "This volunteer is already a member of the team.");
        }

        return await volunteers.CheckAsync(volunteerId, ct) switch
        {
            VolunteerCheck.NotVerified => ApiProblems.Unprocessable(NotVerified, "Only volunteers whom Volunteers has verified may join a team."),
            VolunteerCheck.Unavailable => ApiProblems.Unavailable(VolunteersUnavailable, "The Volunteers service did not answer in time; retry later."),
            _ => null,
        };
    }

    /// <summary>Decides the membership and, when accepted, adds the member and publishes <see cref="TeamMemberJoined"/>; saves.</summary>
    public async Task<ProblemHttpResult?> DecideAsync(Membership membership, bool accept, Guid by, CancellationToken ct)
    {
        if (accept && await RefuseAsync(membership.TeamId, membership.VolunteerId, ct) is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        if (!membership.Decide(accept, by, now))
        {
            return ApiProblems.Conflict(MembershipsApi.NotPending, "This request or invitation has already been decided.");
        }

        if (accept)
        {
            db.Members.Add(new TeamMember(membership.TeamId, membership.VolunteerId, MemberRole.Member, now));
            db.Publish(new TeamMemberJoined(Guid.CreateVersion7(now), now, null, membership.TeamId, membership.VolunteerId));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(TeamsDbContext.MembersPrimaryKey))
        {
            return ApiProblems.Conflict(AlreadyMember, "This volunteer is already a member of the team.");
        }

        if (accept)
        {
            logger.LogInformation("Volunteer {VolunteerId} joined team {TeamId}", membership.VolunteerId, membership.TeamId);
        }

        return null;
    }
}
