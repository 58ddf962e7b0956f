using Alliance.Messaging;
using Alliance.Points.Accounts;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Data;

internal sealed class PointsDbContext(DbContextOptions<PointsDbContext> options) : DbContext(options)
{
    public DbSet<PointsAccount> Accounts => Set<PointsAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<PointsAccount>(account =>
        {
            account.ToTable("accounts", table => table.HasCheckConstraint("ck_accounts_available_not_negative", "available >= 0"));
            account.HasKey(a => a.VolunteerId);
        });
    }
}
