using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Hosting;

namespace Alliance.ServiceDefaults.Database;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a service's model without a running database or the
/// AppHost's configuration. Each service derives one, naming its database.
/// </summary>
public abstract class DesignTimeFactory<TContext>(string database) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext),
            new DbContextOptionsBuilder<TContext>().UseServiceDatabase($"Host=localhost;Database={database}").Options)!;
}
