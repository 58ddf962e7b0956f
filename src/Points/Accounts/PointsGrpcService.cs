using Alliance.Contracts.Points;
using Alliance.Points.Data;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Accounts;

/// <summary>Internal questions about balances, on the gRPC endpoint only.</summary>
internal sealed class PointsGrpcService(PointsDbContext db) : PointsService.PointsServiceBase
{
    [InternalCallers("merchants")]
    public override async Task<BalanceReply> GetBalance(GetBalanceRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.VolunteerId, "volunteer_id");

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.VolunteerId == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No points account is open for this volunteer."));

        return new BalanceReply { VolunteerId = account.VolunteerId.ToString(), Available = account.Available, Reserved = account.Reserved };
    }
}
