using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Activities;
using Alliance.Teams.Data;
using Alliance.Teams.Standing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Teams;

/// <summary>Internal questions about teams (from Needs) and activities (from Notifications, for a notice's facts), on the gRPC endpoint only.</summary>
internal sealed class TeamsGrpcService(TeamsDbContext db) : TeamsService.TeamsServiceBase
{
    [InternalCallers("needs", "notifications")]
    public override async Task<TeamReply> GetTeam(GetTeamRequest request, ServerCallContext context)
    {
        var team = await FindAsync(GrpcIds.Parse(request.TeamId, "team_id"), context);
        return new TeamReply
        {
            TeamId = team.Id.ToString(),
            CommunityId = team.CommunityId ?? "",
            Theme = CamelCase(team.Theme.ToString()),
            StreetWide = team.StreetWide,
            LeaderId = team.LeaderId.ToString(),
            Name = team.Name,
        };
    }

    [InternalCallers("needs")]
    public override async Task<IsLeaderReply> IsLeader(IsLeaderRequest request, ServerCallContext context)
    {
        var team = await FindAsync(GrpcIds.Parse(request.TeamId, "team_id"), context);
        var accountId = GrpcIds.Parse(request.AccountId, "account_id");
        // A suspended or erased volunteer leads nothing, so Needs gives them no team claim.
        if (await db.IsBarredAsync(accountId, context.CancellationToken))
        {
            return new IsLeaderReply { IsLeader = false, IsDeputy = false };
        }

        var isDeputy = await db.Members.AnyAsync(
            m => m.TeamId == team.Id && m.VolunteerId == accountId && m.Role == Members.MemberRole.Deputy, context.CancellationToken);
        return new IsLeaderReply { IsLeader = team.IsLedBy(accountId), IsDeputy = isDeputy };
    }

    [InternalCallers("needs", "notifications")]
    public override async Task<GetMembersReply> GetMembers(GetMembersRequest request, ServerCallContext context)
    {
        var team = await FindAsync(GrpcIds.Parse(request.TeamId, "team_id"), context);
        var members = await db.Members.AsNoTracking().Where(m => m.TeamId == team.Id).OrderBy(m => m.VolunteerId).ToListAsync(context.CancellationToken);
        var reply = new GetMembersReply();
        reply.Members.AddRange(members.Select(m => new TeamMember
        {
            VolunteerId = m.VolunteerId.ToString(),
            Role = CamelCase(m.Role.ToString()),
            SquadId = m.SquadId?.ToString() ?? "",
        }));
        return reply;
    }

    [InternalCallers("notifications")]
    public override async Task<ActivityReply> GetActivity(GetActivityRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.ActivityId, "activity_id");
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No activity has this id."));
        var signUps = await db.SignUps.AsNoTracking()
            .Where(s => s.ActivityId == id && (s.Status == SignUpStatus.Confirmed || s.Status == SignUpStatus.Waitlisted))
            .OrderBy(s => s.Position).Select(s => new { s.VolunteerId, s.Status }).ToListAsync(context.CancellationToken);
        var reply = new ActivityReply
        {
            ActivityId = activity.Id.ToString(),
            TeamId = activity.TeamId.ToString(),
            Title = activity.Title,
            StartsAt = Timestamp.FromDateTimeOffset(activity.StartsAt),
            EndsAt = Timestamp.FromDateTimeOffset(activity.EndsAt),
            Cancelled = activity.IsCancelled,
        };
        reply.SignUps.AddRange(signUps.Select(s => new ActivitySignUp { VolunteerId = s.VolunteerId.ToString(), Waitlisted = s.Status == SignUpStatus.Waitlisted }));
        return reply;
    }

    private async Task<Team> FindAsync(Guid id, ServerCallContext context) =>
        await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No team has this id."));

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
