using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Alliance.Teams.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Teams;

/// <summary>Internal questions about teams, on the gRPC endpoint only.</summary>
internal sealed class TeamsGrpcService(TeamsDbContext db) : TeamsService.TeamsServiceBase
{
    [InternalCallers("needs")]
    public override async Task<TeamReply> GetTeam(GetTeamRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.TeamId, "team_id");

        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No team has this id."));

        return new TeamReply
        {
            TeamId = team.Id.ToString(),
            CommunityId = team.CommunityId,
            Theme = JsonNamingPolicy.CamelCase.ConvertName(team.Theme.ToString()),
        };
    }
}
