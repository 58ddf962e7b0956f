using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Hosting;

namespace Alliance.Needs.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NeedsDbContext>
{
    public NeedsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<NeedsDbContext>()
            .UseServiceDatabase("Host=localhost;Database=needsdb")
            .Options);
}
