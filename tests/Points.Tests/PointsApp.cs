using Alliance.Points.Data;
using Alliance.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Points.Tests;

public sealed class PointsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal PointsDbContext CreateDbContext() => CreateDbContext<PointsDbContext>();
}
