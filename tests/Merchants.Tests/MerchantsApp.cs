using Alliance.Merchants.Data;
using Alliance.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Merchants.Tests;

public sealed class MerchantsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal MerchantsDbContext CreateDbContext() => CreateDbContext<MerchantsDbContext>();
}
