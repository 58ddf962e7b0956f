using System.Collections.Concurrent;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;

namespace Alliance.Notifications.Tests;

/// <summary>An activity as a test makes it up: what Teams' <c>GetActivity</c> answers.</summary>
public sealed record FakeActivity(string Title, DateTimeOffset StartsAt, bool Cancelled = false)
{
    /// <summary>Who holds a place (false) or a waitlist place (true).</summary>
    public Dictionary<Guid, bool> SignUps { get; init; } = [];
}

/// <summary>An earning as a test makes it up: what Points' <c>GetEarning</c> answers.</summary>
public sealed record FakeEarning(Guid VolunteerId, long Amount, DateTimeOffset? ExpiresAt, long Left);

/// <summary>
/// Teams' <c>GetTeam</c>, <c>GetMembers</c> and <c>GetActivity</c> and Points' <c>GetEarning</c> on one
/// loopback gRPC port, answering for the teams, activities and earnings a test made up (and changes as it goes): the facts Notifications fetches, without
/// the real Teams and Points and the services they would bring along. Shared by the project's classes.
/// </summary>
public sealed class FakeNeighbours : LoopbackGrpc
{
    private readonly ConcurrentDictionary<Guid, (string Name, Guid Leader, Guid[] Deputies, Guid[] Members)> teams = new();
    private readonly ConcurrentDictionary<Guid, FakeActivity> activities = new();
    private readonly ConcurrentDictionary<Guid, FakeEarning> earnings = new();

    /// <summary>A team with its name, leader, deputies and plain members (<c>GetTeam</c>, <c>GetMembers</c>).</summary>
    public Guid AddTeam(string name, Guid leader, Guid[] deputies, Guid[] members)
    {
        var id = Guid.CreateVersion7();
        teams[id] = (name, leader, deputies, members);
        return id;
    }

    public Guid AddActivity(FakeActivity activity)
    {
        var id = Guid.CreateVersion7();
        activities[id] = activity;
        return id;
    }

    /// <summary>Teams' answer from now on: the test's change of time, sign-ups or state.</summary>
    public void SetActivity(Guid id, FakeActivity activity) => activities[id] = activity;

    public FakeActivity Activity(Guid id) => activities[id];

    public Guid AddEarning(FakeEarning earning)
    {
        var id = Guid.CreateVersion7();
        earnings[id] = earning;
        return id;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGrpcService<Teams>();
        app.MapGrpcService<Points>();
    }

    private sealed class Teams(FakeNeighbours fake) : TeamsService.TeamsServiceBase
    {
        public override Task<TeamReply> GetTeam(GetTeamRequest request, ServerCallContext context)
        {
            var team = Team(request.TeamId);
            return Task.FromResult(new TeamReply { TeamId = request.TeamId, Name = team.Name, LeaderId = team.Leader.ToString(), CommunityId = "wanda", Theme = "other" });
        }

        public override Task<GetMembersReply> GetMembers(GetMembersRequest request, ServerCallContext context)
        {
            var team = Team(request.TeamId);
            var reply = new GetMembersReply();
            reply.Members.Add(new TeamMember { VolunteerId = team.Leader.ToString(), Role = "leader" });
            reply.Members.AddRange(team.Deputies.Select(d => new TeamMember { VolunteerId = d.ToString(), Role = "deputy" }));
            reply.Members.AddRange(team.Members.Select(m => new TeamMember { VolunteerId = m.ToString(), Role = "member" }));
            return Task.FromResult(reply);
        }

        public override Task<ActivityReply> GetActivity(GetActivityRequest request, ServerCallContext context)
        {
            if (!fake.activities.TryGetValue(Guid.Parse(request.ActivityId), out var activity))
            {
                throw new RpcException(new Status(StatusCode.NotFound, "No activity has this id."));
            }

            var reply = new ActivityReply
            {
                ActivityId = request.ActivityId,
                TeamId = Guid.Empty.ToString(),
                Title = activity.Title,
                StartsAt = Timestamp.FromDateTimeOffset(activity.StartsAt),
                EndsAt = Timestamp.FromDateTimeOffset(activity.StartsAt.AddHours(2)),
                Cancelled = activity.Cancelled,
            };
            if (!activity.Cancelled)
            {
                reply.SignUps.AddRange(activity.SignUps.Select(s => new ActivitySignUp { VolunteerId = s.Key.ToString(), Waitlisted = s.Value }));
            }

            return Task.FromResult(reply);
        }

        private (string Name, Guid Leader, Guid[] Deputies, Guid[] Members) Team(string id) =>
            fake.teams.TryGetValue(Guid.Parse(id), out var team) ? team : throw new RpcException(new Status(StatusCode.NotFound, "No team has this id."));
    }

    private sealed class Points(FakeNeighbours fake) : PointsService.PointsServiceBase
    {
        public override Task<EarningReply> GetEarning(GetEarningRequest request, ServerCallContext context)
        {
            if (!fake.earnings.TryGetValue(Guid.Parse(request.EntryId), out var earning))
            {
                throw new RpcException(new Status(StatusCode.NotFound, "No earning has this id."));
            }

            var reply = new EarningReply { EntryId = request.EntryId, VolunteerId = earning.VolunteerId.ToString(), Amount = earning.Amount, Left = earning.Left };
            if (earning.ExpiresAt is { } at)
            {
                reply.ExpiresAt = Timestamp.FromDateTimeOffset(at);
            }

            return Task.FromResult(reply);
        }
    }
}
