using System.Collections.Concurrent;
using System.Net;
using Alliance.Contracts.Teams;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Teams' <c>GetTeam</c> and <c>GetMembers</c> on a loopback gRPC port, answering for the teams a test
/// made up: a team's name and who leads it, without the real Teams and the Volunteers it would bring along.
/// </summary>
public sealed class FakeTeams : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Guid, (string Name, Guid Leader, Guid[] Deputies, Guid[] Members)> teams = new();
    private WebApplication? app;

    /// <summary>Where Notifications finds it (<c>services:teams:grpc:0</c>).</summary>
    public string Address { get; private set; } = "";

    public Guid Add(string name, Guid leader, Guid[] deputies, Guid[] members)
    {
        var id = Guid.CreateVersion7();
        teams[id] = (name, leader, deputies, members);
        return id;
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private sealed class Service(FakeTeams fake) : TeamsService.TeamsServiceBase
    {
        public override Task<TeamReply> GetTeam(GetTeamRequest request, ServerCallContext context)
        {
            var team = Find(request.TeamId);
            return Task.FromResult(new TeamReply { TeamId = request.TeamId, Name = team.Name, LeaderId = team.Leader.ToString(), CommunityId = "wanda", Theme = "other" });
        }

        public override Task<GetMembersReply> GetMembers(GetMembersRequest request, ServerCallContext context)
        {
            var team = Find(request.TeamId);
            var reply = new GetMembersReply();
            reply.Members.Add(new TeamMember { VolunteerId = team.Leader.ToString(), Role = "leader" });
            reply.Members.AddRange(team.Deputies.Select(d => new TeamMember { VolunteerId = d.ToString(), Role = "deputy" }));
            reply.Members.AddRange(team.Members.Select(m => new TeamMember { VolunteerId = m.ToString(), Role = "member" }));
            return Task.FromResult(reply);
        }

        private (string Name, Guid Leader, Guid[] Deputies, Guid[] Members) Find(string id) =>
            fake.teams.TryGetValue(Guid.Parse(id), out var team) ? team : throw new RpcException(new Status(StatusCode.NotFound, "No team has this id."));
    }
}
