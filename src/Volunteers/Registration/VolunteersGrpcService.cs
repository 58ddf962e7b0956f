using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Alliance.Volunteers.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Registration;

/// <summary>Internal questions about volunteers, on the gRPC endpoint only: Needs asks before a claim, Teams before a member joins and when a leader looks for volunteers to invite.</summary>
internal sealed class VolunteersGrpcService(VolunteersDbContext db) : VolunteersService.VolunteersServiceBase
{
    public const int MaxBatch = 100;

    /// <summary>The most ids a search may be restricted to: Identity's name search answers at most this many.</summary>
    public const int MaxSearchIds = 200;

    [InternalCallers("needs", "teams")]
    public override async Task<VolunteerReply> GetVolunteer(GetVolunteerRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.VolunteerId, "volunteer_id");

        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No volunteer has this id."));

        return Reply(volunteer);
    }

    [InternalCallers("needs", "teams", "identity")]
    public override async Task<IsVerifiedReply> IsVerified(IsVerifiedRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.VolunteerId, "volunteer_id");

        var status = await db.Volunteers.AsNoTracking().Where(v => v.Id == id).Select(v => (VolunteerStatus?)v.Status).FirstOrDefaultAsync(context.CancellationToken);

        return new IsVerifiedReply { VolunteerId = id.ToString(), Registered = status is not null, Verified = status == VolunteerStatus.Active };
    }

    [InternalCallers("needs", "teams")]
    public override async Task<GetVolunteersReply> GetVolunteers(GetVolunteersRequest request, ServerCallContext context)
    {
        if (request.VolunteerIds.Count > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxBatch} volunteer_ids at once."));
        }

        var ids = request.VolunteerIds.Select(id => GrpcIds.Parse(id, "volunteer_ids")).Distinct().ToList();
        var found = await db.Volunteers.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(context.CancellationToken);

        var reply = new GetVolunteersReply();
        reply.Volunteers.AddRange(found.Select(Reply));
        reply.MissingVolunteerIds.AddRange(ids.Except(found.Select(v => v.Id)).Select(id => id.ToString()));
        return reply;
    }

    [InternalCallers("teams")]
    public override async Task<FindVolunteersReply> FindVolunteers(FindVolunteersRequest request, ServerCallContext context)
    {
        if (request.Limit is < 1 or > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be 1 to {MaxBatch}."));
        }

        if (request.VolunteerIds.Count > MaxSearchIds)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxSearchIds} volunteer_ids at once."));
        }

        var query = db.Volunteers.AsNoTracking().Where(v => v.Status == VolunteerStatus.Active);
        if (request.RestrictToIds)
        {
            var ids = request.VolunteerIds.Select(id => GrpcIds.Parse(id, "volunteer_ids")).ToList();
            query = query.Where(v => ids.Contains(v.Id));
        }

        var (skill, community, grid) = (request.Skill, request.CommunityId, request.GridId);
        query = skill.Length == 0 ? query : query.Where(v => v.Skills.Contains(skill));
        query = community.Length == 0 ? query : query.Where(v => v.CommunityId == community);
        query = grid.Length == 0 ? query : query.Where(v => v.GridId == grid);
        if (request.AfterVolunteerId.Length > 0)
        {
            var after = GrpcIds.Parse(request.AfterVolunteerId, "after_volunteer_id");
            query = query.Where(v => v.Id.CompareTo(after) > 0);
        }

        var page = await query.OrderBy(v => v.Id).Take(request.Limit + 1).ToListAsync(context.CancellationToken);
        var reply = new FindVolunteersReply { More = page.Count > request.Limit };
        reply.Volunteers.AddRange(page.Take(request.Limit).Select(Reply));
        return reply;
    }

    internal static VolunteerReply Reply(Volunteer volunteer) => new()
    {
        VolunteerId = volunteer.Id.ToString(),
        CommunityId = volunteer.CommunityId,
        GridId = volunteer.GridId,
        Status = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(volunteer.Status.ToString()),
        Skills = { volunteer.Skills },
        Availability =
        {
            volunteer.Availability.Select(slot => new Contracts.Volunteers.AvailabilitySlot
            {
                IsoDay = slot.Day == DayOfWeek.Sunday ? 7 : (int)slot.Day,
                FromMinute = (slot.From.Hour * 60) + slot.From.Minute,
                ToMinute = (slot.To.Hour * 60) + slot.To.Minute,
            }),
        },
    };
}
