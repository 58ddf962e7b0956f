using System.Diagnostics;
using Alliance.Messaging.Outbox;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Messaging.Tests;

public sealed class TracingTests(Containers containers)
{
    [Fact]
    public async Task TheTraceOfTheRequestThatMadeTheChange_IsTheTraceSeenInTheConsumer()
    {
        // What OpenTelemetry does in a service: listen to the sources, so activities exist.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or MessagingMetrics.Name or "Alliance.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var requests = new ActivitySource("Alliance.Tests");
        await using var publisher = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("pub"));
        await using var consumer = await TestHosts.StartAsync(await TestDatabases.CreateAsync(containers), containers.RabbitMqConnectionString, MessagingHost.UniqueService("rcv"),
            bus => bus.AddConsumer<ThingConsumer>());
        var thing = Guid.NewGuid();
        string requestTrace;

        using (var request = requests.StartActivity("POST /things", ActivityKind.Server))
        {
            Assert.NotNull(request);
            requestTrace = request.TraceId.ToString();
            await using var db = publisher.CreateDb();
            db.Publish(ThingHappened.New(thing));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, await Eventually.ReturnsAsync(() => consumer.CountAsync(thing, nameof(ThingConsumer)), n => n >= 1));
        await using var check = consumer.CreateDb();
        var effect = await check.Effects.SingleAsync(e => e.ThingId == thing, TestContext.Current.CancellationToken);
        Assert.Equal(requestTrace, effect.TraceId);
    }
}
