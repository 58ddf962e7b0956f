using Alliance.Messaging.Inbox;
using Alliance.Testing;
using Alliance.Volunteers.Data;
using Microsoft.EntityFrameworkCore;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

// Four classes at a time, not one per core: a class mostly waits (for the broker, the database, a
// host starting), so on two cores four overlap their waits; the count is fixed so that every machine
// runs the same concurrency.
[assembly: Xunit.v3.Parallelization(MaxThreads = 4)]

namespace Alliance.Volunteers.Tests;

/// <summary>The Volunteers service on real ports, with its own database.</summary>
public sealed class VolunteersApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal VolunteersDbContext CreateDbContext() => CreateDbContext<VolunteersDbContext>();

    /// <summary>
    /// Waits until Volunteers has handled each of these messages: its inbox row commits with the effect,
    /// so from then on that effect is final and any further delivery of the message is refused by the key.
    /// </summary>
    public Task HandledAsync(params Guid[] messageIds) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = CreateDbContext();
            var handled = await db.Set<InboxEntry>().Where(e => messageIds.Contains(e.MessageId)).Select(e => e.MessageId).Distinct().CountAsync();
            return handled == messageIds.Distinct().Count();
        }, $"Volunteers handling {messageIds.Length} messages");

    protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
}
