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
/// names it renders) and stand-ins for Needs' <c>GetNeed</c> (<see cref="FakeNeeds"/>) and Merchants' staff and offers (<see cref="FakeMerchants"/>).
/// </summary>
public sealed class NotificationsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    public FakeNeeds Needs { get; private set; } = null!;

    public FakeMerchants Merchants { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Needs = await Containers.SharedAsync(_ => new FakeNeeds());
        Merchants = await Containers.SharedAsync(_ => new FakeMerchants());
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
        ["services:merchants:grpc:0"] = Merchants.Address,
        // The webhook tests' receiver listens on http://127.0.0.1.
        ["Notifications:Webhooks:AllowLoopbackHttp"] = "true",
    };
}
