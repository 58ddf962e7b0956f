using Alliance.Testing;
using Alliance.Volunteers.Data;
using Microsoft.EntityFrameworkCore;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Volunteers.Tests;

/// <summary>The Volunteers service on real ports, with its own database.</summary>
public sealed class VolunteersApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal VolunteersDbContext CreateDbContext() => CreateDbContext<VolunteersDbContext>();


    protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
}
