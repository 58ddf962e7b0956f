using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Hosting;

namespace Alliance.Points.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PointsDbContext>
{
    public PointsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PointsDbContext>()
            .UseServiceDatabase("Host=localhost;Database=pointsdb")
            .Options);
}
