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


    protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
}
