using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

/// <summary>Internal questions about volunteers, on the gRPC endpoint only.</summary>
internal sealed class VolunteersGrpcService(VolunteersDbContext db) : VolunteersService.VolunteersServiceBase
{
    [InternalCallers("needs", "teams")]
    public override async Task<VolunteerReply> GetVolunteer(GetVolunteerRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.VolunteerId, "volunteer_id");

        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No volunteer has this id."));

        return new VolunteerReply
        {
            VolunteerId = volunteer.Id.ToString(),
            CommunityId = volunteer.CommunityId,
            Status = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(volunteer.Status.ToString()),
        };
    }
}
