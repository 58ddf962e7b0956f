using System.Collections.Concurrent;
using Alliance.Contracts.Needs;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Needs' <c>GetNeed</c> on a loopback gRPC port, answering for the needs a test made up: the facts a
/// notification fetches, without the real Needs and the Volunteers and Teams it would bring along.
/// Shared by the project's classes; every test makes its own needs.
/// </summary>
public sealed class FakeNeeds : LoopbackGrpc
{
    private readonly ConcurrentDictionary<Guid, (string Title, Guid Requester, string Urgency)> needs = new();

    /// <param name="urgency">normal, urgent or emergency, as Needs tells it.</param>
    public Guid Add(Guid requester, string title = "老座钟坏了", string urgency = "normal")
    {
        var id = Guid.CreateVersion7();
        needs[id] = (title, requester, urgency);
        return id;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGrpcService<Service>();
    }

    private sealed class Service(FakeNeeds fake) : NeedsService.NeedsServiceBase
    {
        public override Task<NeedReply> GetNeed(GetNeedRequest request, ServerCallContext context)
        {
            return fake.needs.TryGetValue(Guid.Parse(request.NeedId), out var need)
                ? Task.FromResult(new NeedReply { NeedId = request.NeedId, Title = need.Title, RequesterId = need.Requester.ToString(), Status = "claimed", Urgency = need.Urgency })
                : throw new RpcException(new Status(StatusCode.NotFound, "No need has this id."));
        }
    }
}
