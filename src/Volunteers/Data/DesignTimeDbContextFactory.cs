using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Hosting;

namespace Alliance.Volunteers.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VolunteersDbContext>
{
    public VolunteersDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<VolunteersDbContext>()
            .UseServiceDatabase("Host=localhost;Database=volunteersdb")
            .Options);
}
