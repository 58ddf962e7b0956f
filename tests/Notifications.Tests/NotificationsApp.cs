using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Events;
using Alliance.Notifications.Data;
using Alliance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Notifications.Tests;

/// <summary>
/// Notifications on real ports, with its own database, the project's shared Identity (tokens, names,
/// the mobiles SMS goes to, who holds a place's roles) and stand-ins for Needs' <c>GetNeed</c>
/// (<see cref="FakeNeeds"/>), Teams' teams and activities and Points' earnings (<see cref="FakeNeighbours"/>)
/// and Merchants' staff and offers (<see cref="FakeMerchants"/>).
/// SMS goes to the development channel, and the service's clock is the street's daytime
/// (<see cref="StreetClock"/>), so nothing waits for quiet hours unless a test sets the clock.
/// </summary>
public class NotificationsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    public FakeNeeds Needs { get; private set; } = null!;

    public StreetClock Clock { get; } = new();

    public FakeMerchants Merchants { get; private set; } = null!;

    /// <summary>Teams' teams and activities and Points' earnings, as the tests make them up.</summary>
    public FakeNeighbours Neighbours { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Needs = await Containers.SharedAsync(_ => new FakeNeeds());
        Merchants = await Containers.SharedAsync(_ => new FakeMerchants());
        Neighbours = await Containers.SharedAsync(_ => new FakeNeighbours());
        await base.InitializeAsync();
    }

    internal NotificationsDbContext CreateDbContext() => CreateDbContext<NotificationsDbContext>();

    /// <summary>A client of Notifications for a person with this id (a token as Identity would sign it).</summary>
    public HttpClient As(Guid person) => WithToken(IdentityApp.MintToken(person));

    /// <summary>Publishes an event as its service would (the message id is the event id), and waits until Notifications has handled it.</summary>
    public async Task PublishAsync<T>(T message) where T : class, IIntegrationEvent
    {
        await Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId, TestContext.Current.CancellationToken);
        await HandledAsync(message.EventId);
    }

    /// <summary>Publishes an event that several of Notifications' consumers take, and waits until each has handled it.</summary>
    public async Task PublishAsync<T>(T message, int consumers) where T : class, IIntegrationEvent
    {
        await Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(DatabaseConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM inbox WHERE message_id = @id", connection);
            command.Parameters.AddWithValue("id", message.EventId);
            return (long)(await command.ExecuteScalarAsync())! == consumers;
        }, $"{consumers} consumers handling {typeof(T).Name}");
    }

    /// <summary>One page of the person's inbox.</summary>
    public static async Task<JsonElement> InboxAsync(HttpClient person, string query = "")
    {
        using var response = await person.GetAsync($"/notifications{query}", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static async Task<int> UnreadAsync(HttpClient person) =>
        (await person.GetFromJsonAsync<JsonElement>("/notifications/unread-count", TestContext.Current.CancellationToken)).GetProperty("unread").GetInt32();

    /// <summary>What the development SMS channel holds for this mobile, newest first, read as <paramref name="reader"/>.</summary>
    public static async Task<IReadOnlyList<(string Channel, string Text)>> DevSentAsync(string mobile, HttpClient reader)
    {
        var sent = await reader.GetFromJsonAsync<JsonElement>($"/notifications/dev/sent?to={mobile}", TestContext.Current.CancellationToken);
        return [.. sent.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("channel").GetString()!, i.GetProperty("text").GetString()!))];
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>The outside channels: the development SMS channel unless a fixture says otherwise.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ChannelSettings() => new Dictionary<string, string?>
    {
        ["Notifications:Channels:Sms:Kind"] = "development",
    };

    protected override IReadOnlyDictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["services:identity:grpc:0"] = Identity.Host.GrpcDiscoveryValue,
            ["services:needs:grpc:0"] = Needs.Address,
            ["services:teams:grpc:0"] = Neighbours.Address,
            ["services:points:grpc:0"] = Neighbours.Address,
            ["services:merchants:grpc:0"] = Merchants.Address,
            // The webhook tests' receiver listens on http://127.0.0.1.
            ["Notifications:Webhooks:AllowLoopbackHttp"] = "true",
            // Deliveries are due work: the sweeper looks often here, and a failed one is tried again soon.
            ["Messaging:DueWorkPollInterval"] = "00:00:00.200",
            ["Messaging:DueWorkMaxBackoff"] = "00:00:02",
        };
        foreach (var (key, value) in ChannelSettings())
        {
            settings[key] = value;
        }

        return settings;
    }
}
