using Alliance.Messaging;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Data;

internal sealed class NeedsDbContext(DbContextOptions<NeedsDbContext> options) : DbContext(options)
{
    public DbSet<Need> Needs => Set<Need>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Need>(need =>
        {
            need.HasKey(n => n.Id);
            need.Property(n => n.Title).HasMaxLength(Need.MaxTitleLength);
            need.Property(n => n.KindId).HasMaxLength(64);
            need.Property(n => n.CommunityId).HasMaxLength(64);
            need.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            // PostgreSQL's xmin: a claim that lost the race fails to save.
            need.Property(n => n.Version).IsRowVersion();
            need.HasIndex(n => new { n.Status, n.PostedAt });
            need.HasIndex(n => n.RequesterId);
        });
    }
}
