using Alliance.Contracts.Identity;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Grpc.Core;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>GetRoleHolders: who holds a place's role now, for Notifications to tell them.</summary>
public sealed class RoleHolderTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetRoleHolders_AnswersThePlacesHoldersOnly_LeavesTheErasedOut_AndIsForNotificationsOnly()
    {
        var (worker, _) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-02"]);
        var (twoCells, _) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-01", "wanda-02"]);
        var (elsewhere, _) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-01"]);
        var (admin, _) = await app.SignedInAsAsync("community-admin", communityId: "wanda");
        var (erased, _) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-02"]);
        var erasure = new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, erased, "wanda");
        await app.PublishAsync(erasure, erasure.EventId);
        await app.HandledAsync(erasure.EventId);

        var holders = await HoldersAsync("notifications", "grid-worker", "wanda-02");
        var admins = await HoldersAsync("notifications", "community-admin", "wanda");

        // Every test of the project shares this Identity, so others' grid workers may be there too.
        Assert.Contains(worker, holders);
        Assert.Contains(twoCells, holders);
        Assert.DoesNotContain(erased, holders);
        Assert.DoesNotContain(elsewhere, holders);
        Assert.Contains(admin, admins);
        Assert.DoesNotContain(worker, admins);

        var notAPlace = await Assert.ThrowsAsync<RpcException>(() => HoldersAsync("notifications", "street-admin", "wanda"));
        var noScope = await Assert.ThrowsAsync<RpcException>(() => HoldersAsync("notifications", "grid-worker", " "));
        var points = await Assert.ThrowsAsync<RpcException>(() => HoldersAsync("points", "grid-worker", "wanda-02"));
        Assert.Equal(StatusCode.InvalidArgument, notAPlace.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noScope.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, points.StatusCode);
    }

    private async Task<IReadOnlyList<Guid>> HoldersAsync(string callingService, string role, string scope)
    {
        using var channel = app.Host.CreateGrpcChannel();
        var headers = new Metadata { { "Authorization", $"Bearer {await app.ServiceTokenAsync(callingService)}" } };
        var reply = await new IdentityService.IdentityServiceClient(channel).GetRoleHoldersAsync(
            new GetRoleHoldersRequest { Role = role, Scope = scope }, headers, DateTime.UtcNow.AddSeconds(10), Ct);
        return [.. reply.AccountIds.Select(Guid.Parse)];
    }
}
