using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Points;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using Xunit;

namespace Alliance.Points.Tests;

public sealed class AccountTests(PointsApp app) : IClassFixture<PointsApp>
{
    [Fact]
    public async Task VolunteerRegistered_DeliveredThreeTimes_OpensOneZeroBalanceAccount()
    {
        var (volunteer, client) = await app.SignInAsync();
        var registered = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "xintang");
        var bus = app.Host.Services.GetRequiredService<IBus>();
        using var duplicates = new MetricCollector<long>(app.Host.Services.GetRequiredService<IMeterFactory>(), "Alliance.Messaging", "alliance.inbox.duplicates_suppressed");
        using var deliveries = new Deliveries(app.Host.Services);

        for (var i = 0; i < 3; i++)
        {
            await bus.Publish(registered, context => context.MessageId = registered.EventId, TestContext.Current.CancellationToken);
        }

        var account = await Eventually.ReturnsAsync(() => client.GetAsync($"/points/accounts/{registered.VolunteerId}"), r => r.StatusCode != HttpStatusCode.NotFound, "The account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var body = await account.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(0, body.GetProperty("available").GetInt64());
        Assert.Equal(0, body.GetProperty("reserved").GetInt64());
        // All three copies dealt with: what they did is final.
        await deliveries.ConsumedAsync(registered.EventId, 3);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.VolunteerId == registered.VolunteerId, TestContext.Current.CancellationToken));
        // The inbox, not the account's key, turned the two redeliveries away (other classes' events reach this host too: count this consumer's).
        Assert.Equal(2, duplicates.GetMeasurementSnapshot().Where(m => Equals(m.Tags["consumer"], nameof(Accounts.VolunteerRegisteredConsumer))).Sum(m => m.Value));
    }

    [Fact]
    public async Task GetAccount_WithNoAccount_Returns404Problem()
    {
        var (_, admin) = await app.SignInAsAsync(Alliance.ServiceDefaults.Security.Roles.StreetAdmin);

        var response = await admin.GetAsync($"/points/accounts/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task GetAccount_OfAnotherVolunteer_Is404ForThem_ButAStreetAdminSeesIt()
    {
        var (volunteer, _) = await app.SignInAsync();
        await app.OpenAccountAsync(volunteer);
        var (_, stranger) = await app.SignInAsync();
        var (_, streetAdmin) = await app.SignInAsAsync(Alliance.ServiceDefaults.Security.Roles.StreetAdmin);

        var hidden = await stranger.GetAsync($"/points/accounts/{volunteer}", TestContext.Current.CancellationToken);
        var seen = await streetAdmin.GetAsync($"/points/accounts/{volunteer}", TestContext.Current.CancellationToken);

        await hidden.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
    }

    [Fact]
    public async Task GetBalance_OverGrpc_AnswersForAnOpenAccount_AndNotFoundOtherwise()
    {
        var (volunteer, _) = await app.SignInAsync();
        await app.OpenAccountAsync(volunteer);
        using var channel = app.Host.CreateGrpcChannel();
        var client = new PointsService.PointsServiceClient(channel);
        var merchants = await app.AsServiceAsync("merchants");

        var balance = await client.GetBalanceAsync(new GetBalanceRequest { VolunteerId = volunteer.ToString() }, merchants, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetBalanceAsync(
            new GetBalanceRequest { VolunteerId = Guid.CreateVersion7().ToString() }, merchants, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken).ResponseAsync);
        var asNeeds = await app.AsServiceAsync("needs");
        var needs = await Assert.ThrowsAsync<RpcException>(() => client.GetBalanceAsync(
            new GetBalanceRequest { VolunteerId = volunteer.ToString() }, asNeeds, DateTime.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(0, balance.Available);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, needs.StatusCode);
    }

    [Fact]
    public async Task TheBalanceRow_RefusesANegativeAvailableBalance()
    {
        var (volunteer, _) = await app.SignInAsync();
        await app.OpenAccountAsync(volunteer);
        await using var db = app.CreateDbContext();

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE accounts SET available = -1 WHERE volunteer_id = {volunteer}", TestContext.Current.CancellationToken));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
