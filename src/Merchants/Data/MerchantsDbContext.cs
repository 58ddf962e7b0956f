using Alliance.Merchants.Onboarding;
using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Data;

internal sealed class MerchantsDbContext(DbContextOptions<MerchantsDbContext> options) : DbContext(options)
{
    public DbSet<Merchant> Merchants => Set<Merchant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Merchant>(merchant =>
        {
            merchant.HasKey(m => m.Id);
            merchant.Property(m => m.Name).HasMaxLength(Merchant.MaxNameLength);
            merchant.Property(m => m.LicenceNumber).HasMaxLength(18);
            merchant.Property(m => m.CommunityId).HasMaxLength(64);
            merchant.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            merchant.HasIndex(m => m.LicenceNumber).IsUnique().HasDatabaseName(Merchant.UniqueLicenceIndex);
            merchant.HasIndex(m => m.RegisteredBy);
            // PostgreSQL's xmin: two admins verifying at once cannot both publish the staff grant.
            merchant.Property(m => m.Version).IsRowVersion();
        });
    }
}
