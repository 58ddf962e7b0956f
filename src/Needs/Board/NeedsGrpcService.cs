using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Board;

/// <summary>Internal questions about needs, on the gRPC endpoint only.</summary>
internal sealed class NeedsGrpcService(NeedsDbContext db) : NeedsService.NeedsServiceBase
{
    [InternalCallers("teams", "volunteers", "notifications")]
    public override async Task<NeedReply> GetNeed(GetNeedRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.NeedId, "need_id");

        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No need has this id."));

        return new NeedReply
        {
            NeedId = need.Id.ToString(),
            KindId = need.KindId,
            CommunityId = need.CommunityId,
            Status = JsonNamingPolicy.CamelCase.ConvertName(need.Status.ToString()),
            ClaimantId = need.ClaimantId?.ToString() ?? "",
            Title = need.Title,
            RequesterId = need.RequesterId.ToString(),
            Urgency = JsonNamingPolicy.CamelCase.ConvertName(need.Urgency.ToString()),
        };
    }
}
