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
/// Notifications on real ports, with its own database, the project's shared Identity (tokens, and the
/// names it renders) and a stand-in for Needs' <c>GetNeed</c> (<see cref="FakeNeeds"/>).
/// </summary>
public sealed class NotificationsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    public FakeNeeds Needs { get; private set; } = null!;

    /// <summary>Teams' activities and Points' earnings, as the tests make them up.</summary>
    public FakeNeighbours Neighbours { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Needs = await Containers.SharedAsync(_ => new FakeNeeds());
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

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["services:identity:grpc:0"] = Identity.Host.GrpcDiscoveryValue,
        ["services:needs:grpc:0"] = Needs.Address,
        ["services:teams:grpc:0"] = Neighbours.Address,
        ["services:points:grpc:0"] = Neighbours.Address,
    };
}
