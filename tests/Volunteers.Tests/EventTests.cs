using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

public sealed class EventTests(VolunteersApp app, Containers containers) : IClassFixture<VolunteersApp>
{
    [Fact]
    public async Task Register_PublishesVolunteerRegisteredThroughTheOutbox_AndAnotherServiceGetsItOnce()
    {
        await using var otherService = await EventRecorder.StartAsync<VolunteerRegistered>(containers);

        var (_, client) = await app.SignInAsync();
        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "xintang"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var received = await otherService.WaitForAsync(e => e.VolunteerId == id);
        var registered = Assert.Single(received);
        Assert.Equal("xintang", registered.CommunityId);
        await using var db = app.CreateDbContext();
        var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == registered.EventId, TestContext.Current.CancellationToken);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task ARejectedRegistration_PublishesNothing()
    {
        await using var db = app.CreateDbContext();
        var before = await db.Set<OutboxMessage>().CountAsync(TestContext.Current.CancellationToken);

        var (_, client) = await app.SignInAsync();
        var response = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration("李忠", "atlantis"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await db.Set<OutboxMessage>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MessagingAdmin_ReplaysAParkedRow_AndAnswers404ForWhatIsNotThere()
    {
        var parkedId = Guid.CreateVersion7();
        await using (var db = app.CreateDbContext())
        {
            var registered = new VolunteerRegistered(parkedId, DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "wanda");
            db.Publish(registered);
            var row = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
            row.ParkedAt = DateTimeOffset.UtcNow;
            row.Attempts = 10;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var @operator = app.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.Operator]));
        var parked = await @operator.GetFromJsonAsync<JsonElement>("/volunteers/admin/messaging/outbox/parked", TestContext.Current.CancellationToken);
        // Waiting for an operator shows, without making the service unready.
        var degraded = await app.Client.GetAsync("/health", TestContext.Current.CancellationToken);
        var health = await degraded.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var replay = await @operator.PostAsync($"/volunteers/admin/messaging/outbox/parked/{parkedId}/replay", null, TestContext.Current.CancellationToken);
        var unknown = await @operator.PostAsync($"/volunteers/admin/messaging/outbox/parked/{Guid.CreateVersion7()}/replay", null, TestContext.Current.CancellationToken);
        var foreignQueue = await @operator.PostAsync("/volunteers/admin/messaging/error-queues/points-need-confirmed/replay", null, TestContext.Current.CancellationToken);

        Assert.Contains(parked.EnumerateArray(), p => p.GetProperty("id").GetGuid() == parkedId);
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("messaging").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "parked_message_not_found");
        await foreignQueue.AssertProblemAsync(HttpStatusCode.NotFound, "error_queue_not_found");
        await using var check = app.CreateDbContext();
        var sent = await Eventually.ReturnsAsync(
            async () => (await check.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == parkedId)).SentAt, at => at is not null, "The replayed row being sent");
        Assert.NotNull(sent);
    }

    [Fact]
    public async Task ParkedDueWork_DegradesHealth_AndAReplayRunsItAgain()
    {
        // A pairing check for a pairing that does not exist, parked as if it had failed for good.
        var key = Guid.CreateVersion7().ToString();
        await using (var db = app.CreateDbContext())
        {
            var item = db.ScheduleDueWork(Pairings.PairingOverdueCheck.KindName, key, DateTimeOffset.UtcNow.AddDays(30));
            item.ParkedAt = DateTimeOffset.UtcNow;
            item.Attempts = 1;
            item.LastError = "parked by the test";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var @operator = app.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.Operator]));
        var listed = await @operator.GetFromJsonAsync<JsonElement>("/volunteers/admin/messaging/due-work/parked", TestContext.Current.CancellationToken);
        var health = await app.Client.GetFromJsonAsync<JsonElement>("/health", TestContext.Current.CancellationToken);
        var id = listed.EnumerateArray().Single(i => i.GetProperty("key").GetString() == key).GetProperty("id").GetGuid();
        var replay = await @operator.PostAsync($"/volunteers/admin/messaging/due-work/parked/{id}/replay", null, TestContext.Current.CancellationToken);
        var unknown = await @operator.PostAsync($"/volunteers/admin/messaging/due-work/parked/{Guid.CreateVersion7()}/replay", null, TestContext.Current.CancellationToken);

        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("messaging").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "parked_due_work_not_found");
        // Replayed, it runs at once: the check of a pairing that does not exist has nothing to do, and its row goes.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return !await db.Set<DueWorkItem>().AnyAsync(d => d.Key == key);
        }, "The replayed due work running");
    }
}
