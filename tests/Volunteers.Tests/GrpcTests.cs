using System.Net.Http.Json;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Grpc.Core;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Real gRPC calls over cleartext HTTP/2 on the service's own grpc endpoint, with real service tokens.</summary>
public sealed class GrpcTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    [Fact]
    public async Task GetVolunteer_WithNeedsServiceToken_ReturnsItsCommunityAndStatus()
    {
        var (id, person) = await app.SignInAsync("王殿海");
        (await person.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("王殿海", "fushun"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);

        var reply = await client.GetVolunteerAsync(
            new GetVolunteerRequest { VolunteerId = id.ToString() }, await app.AsServiceAsync("needs"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(id.ToString(), reply.VolunteerId);
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

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = id }, await app.AsServiceAsync("needs"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task GetVolunteer_FromAServiceTheMethodDoesNotName_IsPermissionDenied()
    {
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = Guid.CreateVersion7().ToString() }, await app.AsServiceAsync("points"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task GetVolunteer_WithoutAServiceToken_OrWithAPersonsToken_IsUnauthenticated()
    {
        var (_, mobile) = await app.Identity.SignUpAsync();
        var personToken = await app.Identity.LoginAsync(mobile);
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);
        var request = new GetVolunteerRequest { VolunteerId = Guid.CreateVersion7().ToString() };

        var anonymous = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetVolunteerAsync(request, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken));
        var person = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetVolunteerAsync(request, new Metadata { { "Authorization", $"Bearer {personToken}" } }, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, person.StatusCode);
    }

    [Fact]
    public async Task RestEndpoint_DoesNotServeGrpc()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(app.Host.HttpAddress);
        var client = new VolunteersService.VolunteersServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetVolunteerAsync(new GetVolunteerRequest { VolunteerId = Guid.CreateVersion7().ToString() }, await app.AsServiceAsync("needs"), DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }
}

/// <summary>IsVerified and the batch lookup, as Needs and Teams ask them.</summary>
public sealed class GrpcQuestionTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IsVerified_IsTrueOnlyForAnActiveVolunteer_AndFalseForAnUnknownId()
    {
        var pending = await RegisterAsync();
        var active = await RegisterAsync();
        var (_, admin) = await app.SignInAsAsync(Alliance.ServiceDefaults.Security.Roles.StreetAdmin);
        (await admin.PostAsync($"/volunteers/{active}/verification", null, Ct)).EnsureSuccessStatusCode();
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);
        var teams = await app.AsServiceAsync("teams");

        var ofActive = await client.IsVerifiedAsync(new IsVerifiedRequest { VolunteerId = active.ToString() }, teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var ofPending = await client.IsVerifiedAsync(new IsVerifiedRequest { VolunteerId = pending.ToString() }, teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var ofUnknown = await client.IsVerifiedAsync(new IsVerifiedRequest { VolunteerId = Guid.CreateVersion7().ToString() }, teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var byPoints = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.IsVerifiedAsync(new IsVerifiedRequest { VolunteerId = active.ToString() }, await app.AsServiceAsync("points"), DateTime.UtcNow.AddSeconds(10), Ct));

        Assert.True(ofActive.Verified);
        Assert.False(ofPending.Verified);
        Assert.True(ofPending.Registered);
        Assert.False(ofUnknown.Verified || ofUnknown.Registered);
        Assert.Equal(StatusCode.PermissionDenied, byPoints.StatusCode);
    }

    [Fact]
    public async Task GetVolunteers_AnswersTheKnown_AndNamesTheMissing_AndRefusesMoreThanAHundred()
    {
        var first = await RegisterAsync();
        var second = await RegisterAsync();
        var unknown = Guid.CreateVersion7();
        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);
        var needs = await app.AsServiceAsync("needs");

        var reply = await client.GetVolunteersAsync(new GetVolunteersRequest { VolunteerIds = { first.ToString(), second.ToString(), unknown.ToString() } }, needs, DateTime.UtcNow.AddSeconds(10), Ct);
        var tooMany = new GetVolunteersRequest();
        tooMany.VolunteerIds.AddRange(Enumerable.Range(0, 101).Select(_ => Guid.CreateVersion7().ToString()));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetVolunteersAsync(tooMany, needs, DateTime.UtcNow.AddSeconds(10), Ct));

        Assert.Equal(new[] { first, second }.Select(id => id.ToString()).Order(), reply.Volunteers.Select(v => v.VolunteerId).Order());
        Assert.All(reply.Volunteers, v => Assert.Equal(["home_repair", "companionship"], v.Skills));
        Assert.Equal([unknown.ToString()], reply.MissingVolunteerIds);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    [Fact]
    public async Task FindVolunteers_AnswersOnlyTheActive_OfTheIdsGiven_InPages_AndRefusesBadLimitsAndOtherCallers()
    {
        var pending = await RegisterAsync();
        var first = await RegisterAsync();
        var second = await RegisterAsync();
        var (_, admin) = await app.SignInAsAsync(Alliance.ServiceDefaults.Security.Roles.StreetAdmin);
        foreach (var id in new[] { first, second })
        {
            (await admin.PostAsync($"/volunteers/{id}/verification", null, Ct)).EnsureSuccessStatusCode();
        }

        using var channel = app.Host.CreateGrpcChannel();
        var client = new VolunteersService.VolunteersServiceClient(channel);
        var teams = await app.AsServiceAsync("teams");
        FindVolunteersRequest Request(int limit, string after = "") =>
            new() { RestrictToIds = true, VolunteerIds = { pending.ToString(), first.ToString(), second.ToString() }, CommunityId = "fushun", Limit = limit, AfterVolunteerId = after };

        var page1 = await client.FindVolunteersAsync(Request(1), teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var page2 = await client.FindVolunteersAsync(Request(1, page1.Volunteers[0].VolunteerId), teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var none = await client.FindVolunteersAsync(new FindVolunteersRequest { RestrictToIds = true, Limit = 10 }, teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var elsewhere = await client.FindVolunteersAsync(new FindVolunteersRequest { RestrictToIds = true, VolunteerIds = { first.ToString() }, CommunityId = "wanda", Limit = 10 }, teams, DateTime.UtcNow.AddSeconds(10), Ct);
        var badLimit = await Assert.ThrowsAsync<RpcException>(async () => await client.FindVolunteersAsync(Request(101), teams, DateTime.UtcNow.AddSeconds(10), Ct));
        var byNeeds = await Assert.ThrowsAsync<RpcException>(async () => await client.FindVolunteersAsync(Request(1), await app.AsServiceAsync("needs"), DateTime.UtcNow.AddSeconds(10), Ct));

        Assert.Equal([first.ToString()], page1.Volunteers.Select(v => v.VolunteerId));
        Assert.True(page1.More);
        Assert.Equal([second.ToString()], page2.Volunteers.Select(v => v.VolunteerId));
        Assert.False(page2.More);
        Assert.Empty(none.Volunteers);
        Assert.Empty(elsewhere.Volunteers);
        Assert.Equal(StatusCode.InvalidArgument, badLimit.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, byNeeds.StatusCode);
    }

    private async Task<Guid> RegisterAsync()
    {
        var (id, person) = await app.SignInAsync();
        (await person.PostAsJsonAsync("/volunteers", Alliance.Testing.VolunteerForms.Registration("王殿海", "fushun"), Ct)).EnsureSuccessStatusCode();
        return id;
    }
}
