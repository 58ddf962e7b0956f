using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Teams.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Teams;

/// <summary>Internal questions about teams, on the gRPC endpoint only.</summary>
internal sealed class TeamsGrpcService(TeamsDbContext db) : TeamsService.TeamsServiceBase
{
    public override async Task<TeamReply> GetTeam(GetTeamRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.TeamId, out var id))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "team_id is not a UUID."));
        }

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
