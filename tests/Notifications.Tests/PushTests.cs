using System.Net;
using Alliance.Gateway;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Push;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// The push stream, with two replicas of Notifications on one database (the class's app is A; B is
/// started here, with its own queues and a short heartbeat) and a real gateway in front of A.
/// </summary>
public sealed class PushTests(NotificationsApp app) : IClassFixture<NotificationsApp>, IAsyncLifetime
{
    private const string Stream = "/notifications/stream";
    private ServiceHost<Service> replicaB = null!;
    private ServiceHost<GatewayServices> gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // A stream ends when its token expires by the service's clock, and tokens are minted on real time.
        app.Clock.RunOnRealTime();
        replicaB = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            // Its own queues: the events of the other classes go to A, and B makes what the test asks of it.
            ["Messaging:QueuePrefix"] = MessagingHost.UniqueService(Service.Name),
            ["Notifications:Push:HeartbeatInterval"] = "00:00:00.300",
            ["Notifications:Push:MaxStreamsPerPerson"] = "2",
        });
        using (var client = replicaB.CreateClient())
        {
            await client.WaitUntilReadyAsync();
        }

        // Every service of the gateway lives at A (only Notifications is called); Identity is the real one, for its keys.
        var settings = GatewayServices.All.ToDictionary(
            s => $"services:{s.Name}:http:0",
            s => (string?)(s.Name == "identity" ? app.Identity.Host.HttpAddress.ToString().TrimEnd('/') : app.Host.HttpAddress.ToString().TrimEnd('/')));
        settings["Identity:Issuer"] = IdentityApp.Issuer;
        gateway = new ServiceHost<GatewayServices>(settings, grpcEndpoint: false);
    }

    public async ValueTask DisposeAsync()
    {
        await gateway.DisposeAsync();
        await replicaB.DisposeAsync();
    }

    [Fact]
    public async Task ANotificationMadeOnReplicaB_ReachesAStreamOnReplicaA_ThroughTheGateway_InTheReadersLanguage()
    {
        var resident = Guid.CreateVersion7();
        await using var stream = await SseConnection.OpenAsync(gateway.HttpAddress, "/api" + Stream, IdentityApp.MintToken(resident), language: "en");
        Assert.Equal("text/event-stream", stream.ContentType);

        var made = await NotifyAsync(replicaB, resident, "The old clock");

        var frame = await stream.NextEventAsync();
        Assert.Equal(("notification", made.ToString()), (frame.Event, frame.Id));
        var item = frame.Json;
        Assert.Equal(made, item.GetProperty("id").GetGuid());
        Assert.Equal("needClaimed", item.GetProperty("kind").GetString());
        Assert.Equal("Your need was claimed", item.GetProperty("title").GetString());
        Assert.Contains("The old clock", item.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.False(item.GetProperty("read").GetBoolean());
    }

    [Fact]
    public async Task APersonsStream_CarriesOnlyTheirOwnNotifications()
    {
        var one = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        await using var oneStream = await SseConnection.OpenAsync(app.Host.HttpAddress, Stream, IdentityApp.MintToken(one));
        await using var otherStream = await SseConnection.OpenAsync(replicaB.HttpAddress, Stream, IdentityApp.MintToken(other));

        var forOne = await NotifyAsync(app.Host, one, "旧座钟");
        Assert.Equal(forOne.ToString(), (await oneStream.NextEventAsync()).Id);
        var forOther = await NotifyAsync(replicaB, other, "水管漏水");

        // The other's first event is their own: the one made for the first person before it never came to them.
        Assert.Equal(forOther.ToString(), (await otherStream.NextEventAsync()).Id);
        Assert.Equal("水管漏水", (await NotificationsApp.InboxAsync(app.As(other))).GetProperty("items")[0].GetProperty("body").GetString()!.Split('“', '”')[1]);
    }

    [Fact]
    public async Task AReconnectWithLastEventId_GetsWhatWasMissed_InOrder_AndThenWhatIsNew()
    {
        var resident = Guid.CreateVersion7();
        var seen = await NotifyAsync(app.Host, resident, "第一");
        var missed1 = await NotifyAsync(replicaB, resident, "第二");
        await NotifyAsync(replicaB, Guid.CreateVersion7(), "别人的");
        var missed2 = await NotifyAsync(app.Host, resident, "第三");

        await using var stream = await SseConnection.OpenAsync(gateway.HttpAddress, "/api" + Stream, IdentityApp.MintToken(resident), lastEventId: seen.ToString());

        Assert.Equal(missed1.ToString(), (await stream.NextEventAsync()).Id);
        Assert.Equal(missed2.ToString(), (await stream.NextEventAsync()).Id);
        var fresh = await NotifyAsync(replicaB, resident, "第四");
        Assert.Equal(fresh.ToString(), (await stream.NextEventAsync()).Id);
    }

    [Fact]
    public async Task AQuietStream_SendsHeartbeats()
    {
        await using var stream = await SseConnection.OpenAsync(replicaB.HttpAddress, Stream, IdentityApp.MintToken(Guid.CreateVersion7()));

        Assert.True((await stream.NextAsync(TimeSpan.FromSeconds(5))).IsHeartbeat);
        Assert.True((await stream.NextAsync(TimeSpan.FromSeconds(5))).IsHeartbeat);
    }

    [Fact]
    public async Task AStream_EndsWhenItsTokenExpires()
    {
        var token = IdentityApp.MintToken(Guid.CreateVersion7(), expires: DateTime.UtcNow.AddSeconds(2));
        await using var stream = await SseConnection.OpenAsync(replicaB.HttpAddress, Stream, token);

        await Assert.ThrowsAsync<EndOfStreamException>(async () => await stream.NextEventAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task WithoutAToken_TheStreamIs401_ThroughTheGatewayAndAtTheService()
    {
        using var throughGateway = gateway.CreateClient();
        using var direct = app.Host.CreateClient();

        using var viaGateway = await throughGateway.GetAsync("/api" + Stream, HttpCompletionOption.ResponseHeadersRead, Ct);
        using var atService = await direct.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (viaGateway.StatusCode, atService.StatusCode));
    }

    [Fact]
    public async Task OneStreamTooMany_Is429_AndAClosedOneFreesItsPlace()
    {
        var token = IdentityApp.MintToken(Guid.CreateVersion7());
        await using var first = await SseConnection.OpenAsync(replicaB.HttpAddress, Stream, token);
        var second = await SseConnection.OpenAsync(replicaB.HttpAddress, Stream, token);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => SseConnection.OpenAsync(replicaB.HttpAddress, Stream, token));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains(PushApi.TooManyStreams, refused.Message, StringComparison.Ordinal);

        await second.DisposeAsync();
        await using var third = await Eventually.ReturnsAsync(
            async () => await TryOpenAsync(replicaB.HttpAddress, token), s => s is not null, "a place freed by a closed stream");
    }

    [Fact]
    public async Task AfterTheListenerLostTheDatabase_StreamsAreClosedToResume_AndNewOnesGetNotificationsAgain()
    {
        var resident = Guid.CreateVersion7();
        var token = IdentityApp.MintToken(resident);
        await using var before = await SseConnection.OpenAsync(app.Host.HttpAddress, Stream, token);

        await TerminateListenersAsync();

        // The open stream is closed once the listener listens again: what was made meanwhile is fetched by resuming.
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await before.NextEventAsync(TimeSpan.FromSeconds(30)));
        var made = await NotifyAsync(replicaB, resident, "断线之后");
        await using var after = await SseConnection.OpenAsync(app.Host.HttpAddress, Stream, token);
        var fresh = await NotifyAsync(replicaB, resident, "重新连上");
        Assert.Equal(fresh.ToString(), (await after.NextEventAsync()).Id);
        await using var resumed = await SseConnection.OpenAsync(app.Host.HttpAddress, Stream, token, lastEventId: Guid.Empty.ToString());
        Assert.Equal(made.ToString(), (await resumed.NextEventAsync()).Id);
    }

    private static async Task<SseConnection?> TryOpenAsync(Uri address, string token)
    {
        try
        {
            return await SseConnection.OpenAsync(address, Stream, token);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return null;
        }
    }

    /// <summary>Makes a notification on this replica, as a consumer would (its Notifier, saved in a scope of its own).</summary>
    private static async Task<Guid> NotifyAsync(ServiceHost<Service> replica, Guid person, string title)
    {
        using var scope = replica.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var made = await scope.ServiceProvider.GetRequiredService<Notifier>()
            .NotifyAsync(NoticeKinds.NeedClaimed, new NoticeFacts(SubjectTypes.Need, Guid.CreateVersion7()) { Title = title }, person, Ct);
        await db.SaveChangesAsync(Ct);
        return Assert.Single(made).Id;
    }

    /// <summary>Cuts every replica's listening connection, as a database restart would.</summary>
    private async Task TerminateListenersAsync()
    {
        await using var connection = new NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            // By name, not by its last query: a quiet listener's last query is its keep-alive ping.
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{NotificationListener.ApplicationName}'", connection);
        Assert.True((long)(await command.ExecuteScalarAsync(Ct))! >= 2);
    }
}
