using Alliance.Messaging;
using Alliance.Points.Accounts;
using Alliance.Points.Ledger;
using Alliance.Points.Redemptions;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Data;

internal sealed class PointsDbContext(DbContextOptions<PointsDbContext> options) : DbContext(options)
{
    public DbSet<PointsAccount> Accounts => Set<PointsAccount>();

    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<Redemption> Redemptions => Set<Redemption>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<PointsAccount>(account =>
        {
            account.ToTable("accounts", table => table.HasCheckConstraint("ck_accounts_available_not_negative", "available >= 0"));
            account.HasKey(a => a.VolunteerId);
        });
        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
            entry.Property(e => e.Reason).HasMaxLength(50);
            entry.Property(e => e.CommunityId).HasMaxLength(100);
            entry.Property(e => e.Why).HasColumnType("jsonb");
            // DOMAIN.md, "Balances": one NeedConfirmed credits each helper once; one redemption reserves once, then commits or releases once.
            entry.HasIndex(e => new { e.SourceId, e.VolunteerId, e.Kind }).IsUnique();
            entry.HasIndex(e => new { e.VolunteerId, e.Id });
            entry.HasIndex(e => e.ServiceDate);
        });
        modelBuilder.Entity<Redemption>(redemption =>
        {
            redemption.ToTable("redemptions");
            redemption.HasKey(r => r.Id);
            redemption.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            redemption.Property(r => r.ClosedBy).HasMaxLength(50);
            redemption.HasIndex(r => r.VolunteerId);
        });
    }
}
