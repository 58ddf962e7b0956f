using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Grpc.Core;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Real gRPC calls over cleartext HTTP/2 on the service's own grpc endpoint.</summary>
public sealed class GrpcTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    [Fact]
    public async Task GetVolunteer_ForARegisteredVolunteer_ReturnsItsCommunityAndStatus()
    {
        var created = await app.Client.PostAsJsonAsync("/volunteers", new { name = "王殿海", mobile = RegistrationTests.UniqueMobile(), communityId = "fushun" }, TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);

        var reply = await client.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = id }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(id, reply.VolunteerId);
        Assert.Equal("fushun", reply.CommunityId);
        Assert.Equal("pending", reply.Status);
    }

    [Theory]
    [InlineData("0190a5c8-0000-7000-8000-000000000000", StatusCode.NotFound)]
    [InlineData("not-a-uuid", StatusCode.InvalidArgument)]
    public async Task GetVolunteer_ForAnUnknownOrMalformedId_FailsWithTheRightStatus(string id, StatusCode expected)
    {
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = id }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task RestEndpoint_DoesNotServeGrpc()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(app.Host.HttpAddress);
        var client = new VolunteersService.VolunteersServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = Guid.CreateVersion7().ToString() }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }
}
