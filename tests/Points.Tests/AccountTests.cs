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
        var registered = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "xintang");
        var bus = app.Host.Services.GetRequiredService<IBus>();
        using var duplicates = new MetricCollector<long>(app.Host.Services.GetRequiredService<IMeterFactory>(), "Alliance.Messaging", "alliance.inbox.duplicates_suppressed");

        for (var i = 0; i < 3; i++)
        {
            await bus.Publish(registered, context => context.MessageId = registered.EventId, TestContext.Current.CancellationToken);
        }

        var account = await EventuallyAsync(() => app.Client.GetAsync($"/points/accounts/{registered.VolunteerId}"));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var body = await account.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(0, body.GetProperty("available").GetInt64());
        Assert.Equal(0, body.GetProperty("reserved").GetInt64());
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.VolunteerId == registered.VolunteerId, TestContext.Current.CancellationToken));
        // The inbox, not the account's key, turned the two redeliveries away.
        Assert.Equal(2, duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task GetAccount_WithNoAccount_Returns404Problem()
    {
        var response = await app.Client.GetAsync($"/points/accounts/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task GetBalance_OverGrpc_AnswersForAnOpenAccount_AndNotFoundOtherwise()
    {
        var registered = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "wanda");
        await app.Host.Services.GetRequiredService<IBus>().Publish(registered, context => context.MessageId = registered.EventId, TestContext.Current.CancellationToken);
        await EventuallyAsync(() => app.Client.GetAsync($"/points/accounts/{registered.VolunteerId}"));
        using var channel = app.Host.CreateGrpcChannel();
        var client = new PointsService.PointsServiceClient(channel);

        var balance = await client.GetBalanceAsync(new GetBalanceRequest { VolunteerId = registered.VolunteerId.ToString() }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetBalanceAsync(
            new GetBalanceRequest { VolunteerId = Guid.CreateVersion7().ToString() }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(0, balance.Available);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task TheBalanceRow_RefusesANegativeAvailableBalance()
    {
        var registered = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "wanda");
        await app.Host.Services.GetRequiredService<IBus>().Publish(registered, context => context.MessageId = registered.EventId, TestContext.Current.CancellationToken);
        await EventuallyAsync(() => app.Client.GetAsync($"/points/accounts/{registered.VolunteerId}"));
        await using var db = app.CreateDbContext();

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE accounts SET available = -1 WHERE volunteer_id = {registered.VolunteerId}", TestContext.Current.CancellationToken));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    private static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> request)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await request();
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return response;
            }

            await Task.Delay(100);
        }

        return await request();
    }
}
