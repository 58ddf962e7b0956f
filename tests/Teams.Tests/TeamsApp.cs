using Alliance.Teams.Data;
using Alliance.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Teams.Tests;

public sealed class TeamsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal TeamsDbContext CreateDbContext() => CreateDbContext<TeamsDbContext>();
}
