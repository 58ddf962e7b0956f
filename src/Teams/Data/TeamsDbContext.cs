using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.Teams.Teams;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Data;

internal sealed class TeamsDbContext(DbContextOptions<TeamsDbContext> options) : DbContext(options)
{
    public DbSet<Team> Teams => Set<Team>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Team>(team =>
        {
            team.HasKey(t => t.Id);
            team.Property(t => t.Name).HasMaxLength(Team.MaxNameLength);
            team.Property(t => t.CommunityId).HasMaxLength(64);
            team.Property(t => t.Theme).HasConversion<string>().HasMaxLength(32);
            team.HasIndex(t => new { t.CommunityId, t.Name }).IsUnique().HasDatabaseName(Team.UniqueNameIndex);
            team.HasIndex(t => t.LeaderId);
        });
    }
}
